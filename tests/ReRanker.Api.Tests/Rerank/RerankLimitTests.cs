using System.Net;
using System.Text.Json.Nodes;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Rerank;

/// <summary>The configured limits: each one is a 400 naming the field, or 413 for the body size.</summary>
public sealed class RerankLimitTests : IDisposable
{
    private readonly ApiFactory _factory = new(settings: new()
    {
        ["Reranking:Limits:MaxHypotheses"] = "3",
        ["Reranking:Limits:MaxSlotsPerHypothesis"] = "2",
        ["Reranking:Limits:MaxStringLength"] = "8",
        ["Reranking:Limits:MaxContextKeys"] = "2",
        ["Reranking:Limits:MaxBodyBytes"] = "2048",
    });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Too_many_hypotheses_is_a_400_naming_hypotheses()
    {
        var request = Requests.Valid();
        request["hypotheses"]!.AsArray().Add(Requests.Hypothesis("music", "play", 0.1, 0.1, 0.1));

        (await (await PostAsync(request)).ShouldNameFieldAsync("hypotheses")).Single().Should().Contain("3");
    }

    [Fact]
    public async Task Too_many_slots_is_a_400_naming_the_slots()
    {
        var request = Requests.Valid();
        request["hypotheses"]![0] = Requests.Hypothesis("music", "play", 0.1, 0.1, 0.1, ("a", "1", 0.5), ("b", "2", 0.5), ("c", "3", 0.5));

        await (await PostAsync(request)).ShouldNameFieldAsync("hypotheses[0].slots");
    }

    [Fact]
    public async Task A_string_over_the_length_limit_is_a_400_naming_it()
    {
        var request = Requests.Valid();
        request["hypotheses"]![2]!["intent"] = "weather_query_long";

        await (await PostAsync(request)).ShouldNameFieldAsync("hypotheses[2].intent");
    }

    [Fact]
    public async Task Too_many_context_keys_is_a_400_naming_context()
    {
        var request = Requests.Valid();
        request["context"]!["extra"] = 1;

        await (await PostAsync(request)).ShouldNameFieldAsync("context");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        var request = Requests.Valid();
        request["padding"] = new string('x', 4096);

        var response = await PostAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        _factory.UnhandledExceptions.Should().Be(0);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_a_413_problem()
    {
        // No Content-Length: the limit must hold while reading, not only from the header.
        var response = await _factory.CreateClient().PostAsync("/v1/rerank", new UnsizedContent(new byte[8192]));

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    private Task<HttpResponseMessage> PostAsync(JsonNode request) =>
        _factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(request));
}
