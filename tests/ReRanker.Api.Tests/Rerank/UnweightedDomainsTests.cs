using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Rerank;

/// <summary>A response names the request's domains that have no weights, so a misspelt domain is visible to the caller.</summary>
public sealed class UnweightedDomainsTests
{
    [Fact]
    public async Task A_misspelt_domain_is_answered_200_and_named_as_without_weights()
    {
        using var factory = new ApiFactory();
        var request = Requests.Valid();
        request["hypotheses"]!.AsArray().Add(Requests.Hypothesis("bookz", "read_book", 0.9, 0.9, 0.9));

        var response = await factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(request));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Names(body).Should().Equal("bookz", "video");
        body.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("domain").GetString() == "bookz")
            .GetProperty("scoredBy").GetString().Should().Be("unweighted");
    }

    [Fact]
    public async Task The_names_are_distinct_sorted_and_include_hypotheses_cut_by_top_k()
    {
        using var factory = new ApiFactory();
        var request = new JsonObject
        {
            ["topK"] = 1,
            ["hypotheses"] = new JsonArray(
                Requests.Hypothesis("zeta", "a", 0.1, 0.1, 0.1),
                Requests.Hypothesis("music", "play_music", 0.9, 0.9, 0.9),
                Requests.Hypothesis("alpha", "a", 0.1, 0.1, 0.1),
                Requests.Hypothesis("zeta", "b", 0.1, 0.1, 0.1)),
        };

        var body = await (await factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(request))).Content.ReadFromJsonAsync<JsonElement>();

        body.GetProperty("results").GetArrayLength().Should().Be(1);
        Names(body).Should().Equal("alpha", "zeta");
    }

    [Fact]
    public async Task Every_domain_with_weights_gives_an_empty_list_not_a_missing_field()
    {
        using var factory = new ApiFactory();
        var request = Requests.Valid();
        request["hypotheses"]!.AsArray().RemoveAt(1);

        var body = await (await factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(request))).Content.ReadFromJsonAsync<JsonElement>();

        body.GetProperty("unweightedDomains").ValueKind.Should().Be(JsonValueKind.Array);
        Names(body).Should().BeEmpty();
    }

    [Fact]
    public async Task Under_the_Reject_policy_the_rejected_domains_are_named()
    {
        using var factory = new ApiFactory(settings: new() { ["Reranking:UnweightedDomainPolicy"] = "Reject" });

        var body = await (await factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(Requests.Valid()))).Content.ReadFromJsonAsync<JsonElement>();

        body.GetProperty("rejected").EnumerateArray().Select(i => i.GetInt32()).Should().Equal(1);
        Names(body).Should().Equal("video");
    }

    [Fact]
    public async Task Each_batch_item_names_its_own_domains_without_weights()
    {
        using var factory = new ApiFactory();
        var misspelt = Requests.Valid();
        misspelt["hypotheses"]![1]!["domain"] = "bookz";
        var batch = new JsonObject { ["requests"] = new JsonArray(misspelt, Requests.Valid()) };

        var body = await (await factory.CreateClient().PostAsync("/v1/rerank/batch", Requests.Json(batch))).Content.ReadFromJsonAsync<JsonElement>();

        var items = body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("response")).ToArray();
        Names(items[0]).Should().Equal("bookz");
        Names(items[1]).Should().Equal("video");
    }

    private static IEnumerable<string?> Names(JsonElement response) =>
        response.GetProperty("unweightedDomains").EnumerateArray().Select(d => d.GetString()).ToList();
}
