using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ReRanker.Api.Tests.Support;

/// <summary>
/// The real service as a separate process (the built ReRanker.Api.dll), on a loopback port the OS picks,
/// configured the way operators do: command line (--urls) and RERANKER__ environment variables. Its
/// address is read from its own start-up log line, which also proves that line is there.
/// </summary>
internal sealed partial class RunningService : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private RunningService(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything the service wrote to stdout so far (compact JSON, one event per line; readable text in Development).</summary>
    public IReadOnlyList<string> Output => _output.ToArray();

    public static async Task<RunningService> StartAsync(string registryPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var settings = new Dictionary<string, string>(environment ?? new Dictionary<string, string>());
        settings.TryAdd("RERANKER__Registry__Path", registryPath);
        var start = StartInfo(["--urls", "http://127.0.0.1:0"], settings);

        var service = new RunningService(new Process { StartInfo = start, EnableRaisingEvents = true });
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        service._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("The service closed its output before listening."));
                return;
            }

            service._output.Enqueue(e.Data);
            if (SwaggerUrl(e.Data) is { } swagger)
            {
                listening.TrySetResult(new Uri(swagger.Replace("/swagger", "/", StringComparison.Ordinal)));
            }
        };
        service._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                service._output.Enqueue("stderr: " + e.Data);
            }
        };
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        try
        {
            service.BaseAddress = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            await service.DisposeAsync();
            throw new InvalidOperationException($"The service did not start: {string.Join('\n', service.Output)}", ex);
        }

        return service;
    }

    /// <summary>
    /// Runs the service with <paramref name="arguments"/> (after the dll) and <paramref name="environment"/> until it exits
    /// by itself, bounded by 60 s: for starts that must fail. Returns its exit code, stdout lines and stderr lines.
    /// </summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Errors)> RunUntilExitAsync(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        using var process = Process.Start(StartInfo(arguments, environment))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The service did not exit within 60 s: {await output}");
        }

        static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (process.ExitCode, Lines(await output), Lines(await errors));
    }

    /// <summary>The built ReRanker.Api.dll with <paramref name="arguments"/> and <paramref name="environment"/>, output redirected.</summary>
    private static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ReRanker.Api.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>Sends SIGTERM (what an orchestrator sends) and waits, bounded, for the exit code.</summary>
    public async Task<int> StopGracefullyAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }

    /// <summary>The Swagger UI address of the start-up line: a property of the JSON event, or the text after "Swagger UI at".</summary>
    private static string? SwaggerUrl(string line)
    {
        if (!line.StartsWith('{'))
        {
            return ReadableSwaggerUrl().Match(line) is { Success: true } match ? match.Groups[1].Value : null;
        }

        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.TryGetProperty("SwaggerUrl", out var url) ? url.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"Swagger UI at (http://[^\s;]+)")]
    private static partial Regex ReadableSwaggerUrl();
}
