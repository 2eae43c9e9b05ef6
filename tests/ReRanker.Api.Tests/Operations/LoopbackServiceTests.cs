using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReRanker.Api.Tests.Support;
using ReRanker.Tests.Shared;

namespace ReRanker.Api.Tests.Operations;

/// <summary>The real service process on a loopback port, called over real HTTP.</summary>
public sealed class LoopbackServiceTests : IDisposable
{
    private readonly string _root = HandMadeWeights.TemporaryRegistry(HandMadeWeights.For("music"), HandMadeWeights.For("weather", version: 2));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task The_service_ranks_over_http_logs_compact_json_lines_and_shuts_down_gracefully()
    {
        await using var service = await RunningService.StartAsync(_root);
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        service.BaseAddress.Host.Should().Be("127.0.0.1");

        await WaitUntilReadyAsync(client);
        var response = await client.PostAsync("/v1/rerank", Requests.Json(Requests.Valid()));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
        results[0].GetProperty("domain").GetString().Should().Be("music");
        results[0].GetProperty("weightsVersion").GetInt32().Should().Be(1);
        var status = await client.GetFromJsonAsync<JsonElement>("/v1/registry/status");
        status.GetProperty("source").GetString().Should().Contain(_root, "RERANKER__Registry__Path configures the registry");

        (await service.StopGracefullyAsync()).Should().Be(0);
        var events = service.Output.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        events.Should().Contain(e => Property(e, "Method") == "POST" && Property(e, "Route") == "/v1/rerank" && Property(e, "StatusCode") == "200");
        events.Should().OnlyContain(e => Property(e, "@t") != null && Property(e, "@mt") != null, "compact JSON (CLEF) outside Development");
        events.Should().Contain(e => Template(e).Contains("stopping", StringComparison.Ordinal), "the queue is drained at shutdown");
        service.Output.Should().NotContain(l => l.Contains("mary poppins", StringComparison.Ordinal), "slot values are never logged");
    }

    [Fact]
    public async Task Error_paths_log_route_templates_and_neither_the_raw_path_nor_request_content()
    {
        await using var service = await RunningService.StartAsync(_root);
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        await WaitUntilReadyAsync(client);

        (await client.PostAsync("/v1/rerank/secret-path-one", Requests.Json(Requests.Valid()))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/v1/domains/Secret-Path-Two?secret-query")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var notText = """{"context":{"secret-key":"\ud800"},"hypotheses":[{"domain":"music","intent":"secret-intent","domainScore":0.5,"intentScore":0.5,"slotScore":0.5}]}""";
        (await client.PostAsync("/v1/rerank", Requests.Json(notText))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await client.PostAsync("/v1/rerank/batch", Requests.Json($$"""{"requests":[{{notText}}]}"""))).StatusCode.Should().Be(HttpStatusCode.OK);

        (await service.StopGracefullyAsync()).Should().Be(0);
        service.Output.Should().Contain(l => l.Contains("/v1/domains/{domain}", StringComparison.Ordinal), "lines name the route template");
        service.Output.Should().NotContain(l => l.Contains("secret", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task In_development_start_up_is_a_few_readable_lines_saying_where_swagger_is_and_what_is_served()
    {
        var environment = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" };
        await using var service = await RunningService.StartAsync(RepoPaths.BuiltInRegistry, environment);
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        await WaitUntilReadyAsync(client);
        // Written by the background log queue, so it may trail readiness by a moment.
        await WaitForLineAsync(service, "First registry scan");

        var startup = service.Output;
        startup.Should().HaveCountLessThanOrEqualTo(10, string.Join('\n', startup));
        startup.Should().NotContain(l => l.StartsWith('{'), "readable text in Development");
        var domains = Directory.GetDirectories(RepoPaths.BuiltInRegistry).Length;
        startup.Should().Contain(l => l.Contains($"Swagger UI at {service.BaseAddress}swagger", StringComparison.Ordinal));
        startup.Should().Contain(l => l.Contains("First registry scan of local:", StringComparison.Ordinal) && l.Contains($"{domains} domains served", StringComparison.Ordinal));

        await client.PostAsync("/v1/rerank", Requests.Json(Requests.Valid()));
        (await service.StopGracefullyAsync()).Should().Be(0);
        service.Output.Should().Contain(l => l.Contains("HTTP POST /v1/rerank responded 200 in ", StringComparison.Ordinal));
    }

    private static string? Property(JsonElement logEvent, string name) =>
        logEvent.TryGetProperty(name, out var value) ? value.ToString() : null;

    private static string Template(JsonElement logEvent) =>
        logEvent.TryGetProperty("@mt", out var template) ? template.GetString() ?? string.Empty : string.Empty;

    private static async Task WaitForLineAsync(RunningService service, string text)
    {
        for (var attempt = 0; attempt < 200 && !service.Output.Any(l => l.Contains(text, StringComparison.Ordinal)); attempt++)
        {
            await Task.Delay(50);
        }
    }

    private static async Task WaitUntilReadyAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if ((await client.GetAsync("/readyz")).IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The service did not become ready within 10 s.");
    }
}
