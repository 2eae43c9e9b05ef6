using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ReRanker.Deploy.Tests.Infrastructure;

/// <summary>
/// The real service as a separate process on a free 127.0.0.1 port, configured the way the container
/// is (RERANKER__* environment variables). Disposing stops it.
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ApiServer(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseUrl = $"http://127.0.0.1:{port}";
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    public string BaseUrl { get; }

    public HttpClient Client { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the service on <paramref name="registryPath"/> (plus extra RERANKER__ settings) and waits until /readyz answers 200.</summary>
    public static async Task<ApiServer> StartAsync(
        string registryPath, string adminApiKey, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreeLoopbackPort();
        var url = $"http://127.0.0.1:{port}";
        var environment = new Dictionary<string, string>
        {
            // Only the container's mechanism (RERANKER__Urls; no --urls): it must beat appsettings.json's Urls.
            ["RERANKER__Urls"] = url,
            ["RERANKER__Registry__Path"] = registryPath,
            ["RERANKER__Admin__ApiKey"] = adminApiKey,
            // Poll often: this is how replicas on a shared volume notice a new file (watchers miss events there).
            ["RERANKER__Registry__PollInterval"] = "00:00:01",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return await StartProcessAsync("dotnet", [Binaries.ApiDll], environment, ReRanker.Tests.Shared.RepoPaths.Root, port);
    }

    /// <summary>
    /// Starts the service as <paramref name="fileName"/> <paramref name="arguments"/> in <paramref name="workingDirectory"/>,
    /// listening on <paramref name="port"/>, and waits until /readyz answers 200. Service settings come only from
    /// <paramref name="environment"/>: RERANKER__* and ASPNETCORE_* variables of the test process are not passed on.
    /// </summary>
    public static async Task<ApiServer> StartProcessAsync(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory, int port)
    {
        var info = ProcessRunner.StartInfo(fileName, arguments, workingDirectory: workingDirectory);
        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("RERANKER__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(inherited);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var server = new ApiServer(process, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the service exited with {_process.ExitCode} while starting:\n{Log}");
            }

            try
            {
                using var response = await Client.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the service was not ready within {StartTimeout.TotalSeconds} s:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    /// <summary>A loopback port no one listens on now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
