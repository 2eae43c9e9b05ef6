using System.Net.Sockets;
using System.Text;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Operations;

/// <summary>
/// A body shorter than its Content-Length, over a real socket, from a client that then stops sending.
/// The connection is gone, so no answer can reach it; what matters is that the service records a client
/// error (never a 500) and keeps serving.
/// </summary>
public sealed class TruncatedBodyTests : IDisposable
{
    private readonly string _root = HandMadeWeights.TemporaryRegistry(HandMadeWeights.For("music"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_body_cut_short_of_its_content_length_is_a_client_error_and_the_service_keeps_serving()
    {
        await using var service = await RunningService.StartAsync(_root);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(service.BaseAddress.Host, service.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /v1/rerank HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\nConnection: close\r\n\r\n";

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + """{"hypotheses":[{"dom"""));
        tcp.Client.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var logged = await RequestLineAsync(service);
        logged.Should().MatchRegex("\"StatusCode\":4\\d\\d", "a cut body is the client's error");
        service.Output.Should().NotContain(l => l.Contains("\"Level\":\"Error\"", StringComparison.Ordinal));
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        (await client.GetAsync("/healthz")).IsSuccessStatusCode.Should().BeTrue();
    }

    private static async Task<string> RequestLineAsync(RunningService service)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (service.Output.FirstOrDefault(l => l.Contains("\"Route\":\"/v1/rerank\"", StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No request log line within 10 s:\n{string.Join('\n', service.Output.TakeLast(5))}");
    }
}
