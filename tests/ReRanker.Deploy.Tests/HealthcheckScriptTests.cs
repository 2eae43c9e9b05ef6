using System.Net;
using System.Net.Sockets;
using ReRanker.Deploy.Tests.Infrastructure;
using ReRanker.Tests.Shared;

namespace ReRanker.Deploy.Tests;

/// <summary>
/// The image's HEALTHCHECK runs deploy/healthcheck.sh (bash only: the aspnet:10.0 image has no curl
/// or wget). Run it here against a loopback listener to prove it tells healthy from unhealthy.
/// </summary>
public sealed class HealthcheckScriptTests
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "deploy", "healthcheck.sh");

    [Fact]
    public async Task A_200_on_healthz_is_healthy()
    {
        var result = await RunAgainstAsync(HttpStatusCode.OK);

        result.ExitCode.Should().Be(0, result.ToString());
    }

    [Fact]
    public async Task A_503_on_healthz_is_unhealthy()
    {
        var result = await RunAgainstAsync(HttpStatusCode.ServiceUnavailable);

        result.ExitCode.Should().Be(1, result.ToString());
        result.Output.Should().Contain("503");
    }

    [Fact]
    public async Task Nothing_listening_is_unhealthy()
    {
        var result = await RunScriptAsync(FreePort());

        result.ExitCode.Should().Be(1, result.ToString());
    }

    [Fact]
    public async Task The_real_service_configured_like_the_container_passes_its_healthcheck()
    {
        // RERANKER__Urls and RERANKER__Registry__Path as the Dockerfile sets them (port and folder differ).
        await using var server = await ApiServer.StartAsync(RepoPaths.BuiltInRegistry, "healthcheck-test-admin-key");

        var result = await RunScriptAsync(server.Port);

        result.ExitCode.Should().Be(0, $"{result}\nservice log:\n{server.Log}");
        result.Output.Should().Contain("healthz: ok");
    }

    private static async Task<ProcessResult> RunAgainstAsync(HttpStatusCode status)
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var seenPath = "";
        var serve = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            seenPath = context.Request.Url!.AbsolutePath;
            context.Response.StatusCode = (int)status;
            context.Response.Close();
        });

        var result = await RunScriptAsync(port);
        await serve.WaitAsync(TimeSpan.FromSeconds(10));
        seenPath.Should().Be("/healthz");
        return result;
    }

    private static Task<ProcessResult> RunScriptAsync(int port) =>
        ProcessRunner.RunAsync(
            "bash",
            [Script],
            TimeSpan.FromSeconds(20),
            new Dictionary<string, string> { ["HEALTHCHECK_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
