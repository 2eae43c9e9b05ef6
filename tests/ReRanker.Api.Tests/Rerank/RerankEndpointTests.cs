using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Rerank;

public sealed class RerankEndpointTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Ranks_best_first_with_rank_probability_score_and_how_each_was_scored()
    {
        var response = await _factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(Requests.Valid()));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("requestId").GetString().Should().Be("req-1");
        var results = body.GetProperty("results").EnumerateArray().ToArray();
        results.Select(r => r.GetProperty("rank").GetInt32()).Should().Equal(1, 2, 3);
        // Music has weights and beats video, which raw confidences (0.7695 > music's 0.504) would have picked.
        results.Select(r => r.GetProperty("domain").GetString()).Should().Equal("music", "video", "weather");
        results.Select(r => r.GetProperty("probability").GetDouble()).Should().BeInDescendingOrder();
        results[0].GetProperty("weightsVersion").GetInt32().Should().Be(1);
        results[0].GetProperty("scoredBy").GetString().Should().Be("weights");
        results[0].GetProperty("slots")[0].GetProperty("value").GetString().Should().Be("mary poppins");
        results[0].GetProperty("index").GetInt32().Should().Be(0);
        results[2].GetProperty("weightsVersion").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task A_domain_without_weights_is_scored_unweighted_with_a_null_weights_version()
    {
        var body = await PostAsync(Requests.Valid());

        var video = body.GetProperty("results")[1];
        video.GetProperty("scoredBy").GetString().Should().Be("unweighted");
        // Null, not absent: clients can tell "scored by the default policy" from a missing field.
        video.GetProperty("weightsVersion").ValueKind.Should().Be(JsonValueKind.Null);
        video.GetProperty("probability").GetDouble().Should().BeApproximately(0.9 * 0.95 * 0.9, 1e-12);
        body.GetProperty("rejected").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task TopK_returns_only_the_best_results()
    {
        var request = Requests.Valid();
        request["topK"] = 1;

        var body = await PostAsync(request);

        body.GetProperty("results").GetArrayLength().Should().Be(1);
        body.GetProperty("results")[0].GetProperty("domain").GetString().Should().Be("music");
    }

    [Fact]
    public async Task Explain_adds_contributions_that_sum_to_the_score()
    {
        var request = Requests.Valid();
        request["explain"] = true;

        var body = await PostAsync(request);

        var top = body.GetProperty("results")[0];
        var contributions = top.GetProperty("contributions").EnumerateArray().ToArray();
        contributions.Select(c => c.GetProperty("feature").GetString()).Should().Contain(["bias", "logit.domainScore", "logit.intentScore"]);
        contributions.Sum(c => c.GetProperty("contribution").GetDouble()).Should().BeApproximately(top.GetProperty("score").GetDouble(), 1e-9);
        body.GetProperty("results")[1].GetProperty("contributions").GetArrayLength().Should().Be(0, "unweighted hypotheses have no weights to explain");
    }

    [Fact]
    public async Task Without_explain_there_are_no_contributions()
    {
        var body = await PostAsync(Requests.Valid());

        body.GetProperty("results")[0].TryGetProperty("contributions", out _).Should().BeFalse();
    }

    [Fact]
    public async Task A_missing_request_id_is_generated()
    {
        var request = Requests.Valid();
        request.Remove("requestId");

        var body = await PostAsync(request);

        body.GetProperty("requestId").GetString().Should().MatchRegex("^[0-9a-f]{32}$");
    }

    [Fact]
    public async Task The_weights_snapshot_is_read_once_per_request()
    {
        // Reading Current twice could mix two versions inside one ranking if a swap happened in between.
        var client = _factory.CreateClient();
        var before = _factory.Registry.SnapshotReads;
        var request = Requests.Valid();
        request["explain"] = true;

        await client.PostAsync("/v1/rerank", Requests.Json(request));

        (_factory.Registry.SnapshotReads - before).Should().Be(1);
    }

    private async Task<JsonElement> PostAsync(System.Text.Json.Nodes.JsonObject request)
    {
        var response = await _factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(request));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
