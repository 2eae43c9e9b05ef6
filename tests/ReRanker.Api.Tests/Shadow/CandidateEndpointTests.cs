using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReRanker.Api.Tests.DecisionLog;
using ReRanker.Api.Tests.Support;
using ReRanker.Core.DecisionLog;

namespace ReRanker.Api.Tests.Shadow;

/// <summary>The candidate admin endpoints on the real registry: field-named 4xx for bad input, and what a set candidate does.</summary>
// In the metrics collection: it writes a decision record, which a parallel test counting the ReRanker.DecisionLog meter would see.
[Collection(ReRanker.Api.Tests.Operations.MetricsCollection.Name)]
public sealed class CandidateEndpointTests : IDisposable
{
    private readonly string _root = HandMadeWeights.TemporaryRegistry(HandMadeWeights.For("music"), HandMadeWeights.For("music", version: 2, bias: -4));
    private readonly string _log = Path.Combine(Path.GetTempPath(), "reranker-candidate-log", Guid.NewGuid().ToString("N"));

    public CandidateEndpointTests() => File.WriteAllText(Path.Combine(_root, "music", "PINNED"), "1");

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        if (Directory.Exists(_log))
        {
            Directory.Delete(_log, recursive: true);
        }
    }

    [Theory]
    [InlineData("{}", "version", HttpStatusCode.BadRequest)]
    [InlineData("{\"version\":\"2\"}", "version", HttpStatusCode.BadRequest)]
    [InlineData("{\"version\":0}", "version", HttpStatusCode.BadRequest)]
    [InlineData("{\"version\":2.5}", "version", HttpStatusCode.BadRequest)]
    [InlineData("[2]", "$", HttpStatusCode.BadRequest)]
    [InlineData("{\"version\":7}", "version", HttpStatusCode.NotFound)]
    [InlineData("{\"version\":1}", "version", HttpStatusCode.Conflict)]
    public async Task Bad_candidates_are_field_named_problems(string body, string field, HttpStatusCode status)
    {
        using var factory = ApiFactory.WithRealRegistry(_root);
        var client = await AdminClientAsync(factory);

        var response = await client.PutAsync("/v1/domains/music/candidate", Requests.Json(body));

        await response.ShouldNameFieldAsync(field, status);
        File.Exists(Path.Combine(_root, "music", "CANDIDATE")).Should().BeFalse();
    }

    [Fact]
    public async Task Candidate_endpoints_need_the_admin_key_and_a_known_domain()
    {
        using var factory = ApiFactory.WithRealRegistry(_root);
        var anonymous = await factory.CreateReadyClientAsync();
        (await anonymous.PutAsync("/v1/domains/music/candidate", Requests.Json("{\"version\":2}"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var client = await AdminClientAsync(factory);
        await (await client.PutAsync("/v1/domains/radio/candidate", Requests.Json("{\"version\":2}"))).ShouldNameFieldAsync("domain", HttpStatusCode.NotFound);
        await (await client.PutAsync("/v1/domains/Music!/candidate", Requests.Json("{\"version\":2}"))).ShouldNameFieldAsync("domain");
        await (await client.PostAsync("/v1/domains/music/candidate/promote", null)).ShouldNameFieldAsync("candidate", HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_set_candidate_is_shown_logged_beside_the_served_ranking_and_cleared()
    {
        using var factory = ApiFactory.WithRealRegistry(_root, new() { ["DecisionLog:Path"] = _log });
        var client = await AdminClientAsync(factory);

        (await client.PutAsync("/v1/domains/music/candidate", Requests.Json("{\"version\":2}"))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.PostAsync("/v1/rerank", Requests.Json(Requests.Valid()))).StatusCode.Should().Be(HttpStatusCode.OK);

        var view = await client.GetFromJsonAsync<JsonElement>("/v1/domains/music");
        view.GetProperty("servedVersion").GetInt32().Should().Be(1);
        view.GetProperty("candidate").GetProperty("version").GetInt32().Should().Be(2);
        view.GetProperty("candidate").GetProperty("shadowRequests").GetInt64().Should().Be(1);
        var decision = (await DecisionLogFiles.ReadAsync(factory, 1)).OfType<LoggedDecision>().Single();
        decision.Shadows.Should().ContainSingle();
        decision.Shadows[0].Domain.Should().Be("music");
        decision.Shadows[0].Version.Should().Be(2);
        decision.Shadows[0].Ranking.Should().HaveCount(3).And.OnlyHaveUniqueItems();
        decision.Ranking[0].Should().Be(0, "the served version puts music first");
        decision.Shadows[0].Ranking[0].Should().NotBe(0, "the candidate's bias of −4 puts music below video");
        view = await client.GetFromJsonAsync<JsonElement>("/v1/domains/music");
        view.GetProperty("candidate").GetProperty("top1Changes").GetInt64().Should().Be(1);
        DecisionLogFiles.AllText(factory).Should().NotContain("mary poppins", "the shadow adds indexes only");

        (await client.DeleteAsync("/v1/domains/music/candidate")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.GetFromJsonAsync<JsonElement>("/v1/domains/music")).TryGetProperty("candidate", out _).Should().BeFalse();
    }

    private static async Task<HttpClient> AdminClientAsync(ApiFactory factory)
    {
        var client = await factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
        return client;
    }
}
