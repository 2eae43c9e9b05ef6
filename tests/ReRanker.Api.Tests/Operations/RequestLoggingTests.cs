using System.Net.Http.Json;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Operations;

public sealed class RequestLoggingTests
{
    [Fact]
    public async Task Each_call_logs_one_line_with_method_route_status_elapsed_and_request_id()
    {
        using var factory = new ApiFactory();
        var client = factory.CreateClient();

        var response = await client.GetAsync("/v1/domains/music");
        await client.PostAsync("/v1/rerank", Requests.Json("{"));

        var lines = RequestLines(factory);
        lines.Should().HaveCount(2);
        var first = lines[0].Properties.ToDictionary(p => p.Key, p => p.Value);
        first.Keys.Should().BeEquivalentTo(["Method", "Route", "StatusCode", "ElapsedMs", "RequestId", "SourceContext"], "the raw path (RequestPath) is never logged");
        first["Method"].Should().Be("GET");
        first["Route"].Should().Be("/v1/domains/{domain}", "the template, not the raw path");
        first["StatusCode"].Should().Be(200);
        first["ElapsedMs"].Should().BeOfType<double>();
        first["RequestId"].Should().Be(response.Headers.GetValues("X-Request-Id").Single());
        lines[0].Message.Should().StartWith("HTTP GET /v1/domains/{domain} responded 200 in ");
        lines[1].Properties.Single(p => p.Key == "StatusCode").Value.Should().Be(400);
        lines[1].Properties.Single(p => p.Key == "Route").Value.Should().Be("/v1/rerank");
    }

    [Fact]
    public async Task Errors_log_at_error_and_successful_probes_and_scrapes_at_debug()
    {
        using var factory = new ApiFactory();
        factory.Registry.FailStatus = true;
        var client = factory.CreateClient();

        await client.GetAsync("/healthz");
        await client.GetAsync("/readyz");
        await client.GetAsync("/metrics");
        var failed = await client.GetAsync("/v1/registry/status");

        failed.Headers.GetValues("X-Request-Id").Should().ContainSingle("the header survives the exception handler clearing the response");
        var lines = RequestLines(factory);
        lines.Should().ContainSingle("probes and scrapes are below the Information minimum level")
            .Which.Level.Should().Be(Microsoft.Extensions.Logging.LogLevel.Error);
        lines[0].Properties.Single(p => p.Key == "Route").Value.Should().Be("/v1/registry/status");
    }

    [Fact]
    public async Task An_unmatched_route_is_logged_as_unmatched_never_by_its_raw_path()
    {
        using var factory = new ApiFactory();

        await factory.CreateClient().GetAsync("/no/such/secret-path-segment?key=secret-query");

        RequestLines(factory).Should().ContainSingle().Which.Properties.Single(p => p.Key == "Route").Value.Should().Be("(unmatched)");
        factory.Logs.Lines.Should().NotContain(l => l.Everything.Contains("secret", StringComparison.Ordinal) || l.Message.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Utterance_text_slot_values_context_values_and_the_api_key_are_never_logged()
    {
        using var factory = ApiFactory.WithAdmin();
        var client = factory.CreateClient();
        var request = Requests.Valid();
        request["hypotheses"]![0] = Requests.Hypothesis("music", "play_music", 0.7, 0.8, 0.9, ("song", "secret-slot-value", 0.5));
        request["context"]!["deviceType"] = "secret-context-value";
        request["utterance"] = "secret utterance text";

        await client.PostAsync("/v1/rerank", Requests.Json(request));
        request.Remove("utterance");
        await client.PostAsync("/v1/rerank", Requests.Json(request));
        var admin = new HttpRequestMessage(HttpMethod.Post, "/v1/registry/reload");
        admin.Headers.Add("X-Api-Key", ApiFactory.AdminKey);
        await client.SendAsync(admin);
        var wrong = new HttpRequestMessage(HttpMethod.Post, "/v1/registry/reload");
        wrong.Headers.Add("X-Api-Key", "secret-wrong-key-123456");
        await client.SendAsync(wrong);

        var everything = string.Join("\n", factory.Logs.Lines.Select(l => l.Message + " " + l.Everything));
        everything.Should().NotBeEmpty();
        everything.Should().NotContainAny("secret-slot-value", "secret-context-value", "secret utterance", ApiFactory.AdminKey, "secret-wrong-key");
    }

    private static CapturedLog[] RequestLines(ApiFactory factory) =>
        factory.Logs.Lines.Where(l => l.Category == "Serilog.AspNetCore.RequestLoggingMiddleware").ToArray();
}
