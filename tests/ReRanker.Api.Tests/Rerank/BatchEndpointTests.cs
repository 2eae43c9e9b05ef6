using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Rerank;

public sealed class BatchEndpointTests : IDisposable
{
    private readonly ApiFactory _factory = new(settings: new() { ["Reranking:Limits:MaxBatchItems"] = "3" });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Each_item_succeeds_or_fails_on_its_own()
    {
        var bad = Requests.Valid();
        bad["hypotheses"]![1]!["domainScore"] = "high";
        var invalid = Requests.Valid();
        invalid["topK"] = 0;
        var batch = new JsonObject { ["requests"] = new JsonArray(Requests.Valid(), bad, invalid, 5) };
        using var factory = new ApiFactory();

        var response = await factory.CreateClient().PostAsync("/v1/rerank/batch", Requests.Json(batch));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToArray();
        results.Select(r => r.GetProperty("status").GetInt32()).Should().Equal(200, 400, 400, 400);
        results[0].GetProperty("response").GetProperty("results")[0].GetProperty("domain").GetString().Should().Be("music");
        // Fields are named from the batch root, so a client can find them in what it sent.
        ErrorKeys(results[1]).Should().Equal("requests[1].hypotheses[1].domainScore");
        ErrorKeys(results[2]).Should().Equal("requests[2].topK");
        ErrorKeys(results[3]).Should().Equal("requests[3]");
        factory.UnhandledExceptions.Should().Be(0);
    }

    [Fact]
    public async Task The_whole_batch_uses_one_weights_snapshot()
    {
        var before = _factory.Registry.SnapshotReads;
        var batch = new JsonObject { ["requests"] = new JsonArray(Requests.Valid(), Requests.Valid()) };

        await _factory.CreateClient().PostAsync("/v1/rerank/batch", Requests.Json(batch));

        (_factory.Registry.SnapshotReads - before).Should().Be(1);
    }

    [Theory]
    [InlineData("""{"requests":[]}""", "requests")]
    [InlineData("""{"requests":[{},{},{},{}]}""", "requests")]
    [InlineData("""{}""", "requests")]
    [InlineData("""{"requests":{"a":1}}""", "requests")]
    [InlineData("""{"requests":[{"hypotheses":[}]}""", "requests[0]")]
    public async Task A_bad_batch_is_a_400_naming_the_field(string body, string field)
    {
        var response = await _factory.CreateClient().PostAsync("/v1/rerank/batch", Requests.Json(body));

        await response.ShouldNameFieldAsync(field);
    }

    private static IEnumerable<string> ErrorKeys(JsonElement item) =>
        item.GetProperty("error").GetProperty("errors").EnumerateObject().Select(e => e.Name);
}
