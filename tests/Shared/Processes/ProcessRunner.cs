using System.Diagnostics;
using System.Text;

namespace ReRanker.Tests.Shared.Processes;

/// <summary>What a finished (or timed-out) process left behind.</summary>
internal sealed record ProcessResult(int ExitCode, string Output, bool TimedOut)
{
    public override string ToString() => $"exit {ExitCode}{(TimedOut ? " (timed out)" : "")}\n{Output}";
}

/// <summary>Runs a command to completion with a hard timeout; stdout and stderr interleaved into one log.</summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        using var process = new Process { StartInfo = StartInfo(fileName, arguments, environment, workingDirectory) };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return new ProcessResult(-1, Snapshot(output), TimedOut: true);
        }

        process.WaitForExit(); // flushes the asynchronous output readers
        return new ProcessResult(process.ExitCode, Snapshot(output), TimedOut: false);
    }

    public static ProcessStartInfo StartInfo(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? ReRanker.Tests.Shared.RepoPaths.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }

    /// <summary>Adds one line of a process's output; the output readers call it from two threads.</summary>
    public static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
