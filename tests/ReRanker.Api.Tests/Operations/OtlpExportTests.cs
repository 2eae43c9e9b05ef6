using System.Net;
using System.Net.Sockets;
using System.Text;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Operations;

/// <summary>With an OTLP endpoint configured, the same metrics are pushed to a collector (here a loopback listener).</summary>
[Collection(MetricsCollection.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task A_configured_endpoint_receives_the_services_metrics_over_otlp_http()
    {
        var port = FreePort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        using var factory = new ApiFactory(settings: new()
        {
            ["OpenTelemetry:OtlpEndpoint"] = $"http://127.0.0.1:{port}/v1/metrics",
            ["OpenTelemetry:OtlpProtocol"] = "HttpProtobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
        var client = factory.CreateClient();
        (await client.PostAsync("/v1/rerank", Requests.Json(Requests.Valid()))).EnsureSuccessStatusCode();

        var export = await ReceiveContainingAsync(collector, "reranker.hypotheses", TimeSpan.FromSeconds(20));

        export.Path.Should().Be("/v1/metrics");
        export.ContentType.Should().Be("application/x-protobuf");
        // Protobuf keeps strings as UTF-8 bytes: the meter and the service name are readable in the payload.
        export.Text.Should().Contain("ReRanker.Api").And.Contain("reranker");
    }

    private static async Task<(string Path, string? ContentType, string Text)> ReceiveContainingAsync(HttpListener collector, string text, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var context = await collector.GetContextAsync().WaitAsync(cancel.Token);
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body, cancel.Token);
            context.Response.StatusCode = 200;
            context.Response.Close();
            var payload = Encoding.UTF8.GetString(body.ToArray());
            if (payload.Contains(text, StringComparison.Ordinal))
            {
                return (context.Request.Url!.AbsolutePath, context.Request.ContentType, payload);
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
