using System.Net.Http.Json;
using System.Text.Json;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Rerank;

public sealed class RejectPolicyTests
{
    [Fact]
    public async Task Under_the_Reject_policy_unweighted_hypotheses_are_left_out_and_listed_by_index()
    {
        using var factory = new ApiFactory(settings: new() { ["Reranking:UnweightedDomainPolicy"] = "Reject" });

        var response = await factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(Requests.Valid()));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("domain").GetString()).Should().Equal("music", "weather");
        body.GetProperty("rejected").EnumerateArray().Select(i => i.GetInt32()).Should().Equal(1);
    }
}
