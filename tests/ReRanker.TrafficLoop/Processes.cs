using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ReRanker.Tests.Shared.Processes;

namespace ReRanker.TrafficLoop;

/// <summary>A finished command: its exit code and its interleaved output.</summary>
public sealed record CommandResult(int ExitCode, string Output)
{
    public CommandResult EnsureSuccess(string what) =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed with exit code {ExitCode}:\n{Output}");
}

/// <summary>Runs the trainer and the service as separate processes (as an operator would), every wait bounded.</summary>
public static class Processes
{
    public static async Task<CommandResult> RunAsync(string dll, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var result = await ProcessRunner.RunAsync("dotnet", [dll, .. arguments], timeout, NoTelemetry(new Dictionary<string, string>()), Environment.CurrentDirectory)
            .ConfigureAwait(false);
        return result.TimedOut
            ? throw new TimeoutException($"dotnet {dll} {string.Join(' ', arguments)} did not finish within {timeout}:\n{result.Output}")
            : new CommandResult(result.ExitCode, result.Output);
    }

    public static ProcessStartInfo StartInfo(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        ProcessRunner.StartInfo("dotnet", [dll, .. arguments], NoTelemetry(new Dictionary<string, string>(environment)), Environment.CurrentDirectory);

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static void Append(StringBuilder output, string? line) => ProcessRunner.Append(output, line);

    private static Dictionary<string, string> NoTelemetry(Dictionary<string, string> environment)
    {
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return environment;
    }
}

/// <summary>The service as a separate process on a free loopback port, with its settings as RERANKER__ variables.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, Uri baseAddress)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the service; <paramref name="settings"/> are configuration keys (e.g. <c>DecisionLog:Path</c>). Waits until /readyz answers 200.</summary>
    public static async Task<ServiceProcess> StartAsync(string apiDll, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var port = Processes.FreeLoopbackPort();
        var environment = settings.ToDictionary(s => "RERANKER__" + s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment["RERANKER__Urls"] = $"http://127.0.0.1:{port}";
        var process = new Process { StartInfo = Processes.StartInfo(apiDll, [], environment) };
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => Processes.Append(service._output, e.Data);
        process.ErrorDataReceived += (_, e) => Processes.Append(service._output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (process.HasExited)
            {
                await service.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"the service exited with {process.ExitCode} while starting:\n{service.Output}");
            }

            try
            {
                using var ready = await service.Client.GetAsync(new Uri("/readyz", UriKind.Relative)).ConfigureAwait(false);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        await service.DisposeAsync().ConfigureAwait(false);
        throw new TimeoutException($"the service was not ready within 60 s:\n{service.Output}");
    }

    /// <summary>Waits (bounded) until the decision log reports at least <paramref name="records"/> written and synced.</summary>
    public async Task WaitForLoggedAsync(long records, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long written = -1;
        while (DateTime.UtcNow < deadline)
        {
            using var status = System.Text.Json.JsonDocument.Parse(await Client.GetStringAsync(new Uri("/v1/decision-log/status", UriKind.Relative)).ConfigureAwait(false));
            written = status.RootElement.GetProperty("written").GetInt64();
            if (written >= records)
            {
                return;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"the decision log wrote {written} of {records} records within {timeout}");
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }
}
