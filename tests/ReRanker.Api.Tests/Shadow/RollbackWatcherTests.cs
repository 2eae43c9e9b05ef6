using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ReRanker.Api.Rollback;
using ReRanker.Api.Tests.Support;
using ReRanker.Core.Weights;

namespace ReRanker.Api.Tests.Shadow;

/// <summary>
/// The rollback watcher end to end on the real registry: a candidate is promoted, users react through POST
/// /v1/feedback, and a version they complain about is pinned back to the previous one while a good one is kept.
/// </summary>
[Collection(ReRanker.Api.Tests.Operations.MetricsCollection.Name)]
public sealed class RollbackWatcherTests : IDisposable
{
    private const int PerVersion = 40;
    private readonly string _root;

    public RollbackWatcherTests()
    {
        _root = HandMadeWeights.TemporaryRegistry(HandMadeWeights.For("music"), HandMadeWeights.For("music", version: 2, bias: 0.5));
        File.WriteAllText(Path.Combine(_root, "music", "CANDIDATE"), "2");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_promoted_version_users_complain_about_is_rolled_back_to_the_previous_one()
    {
        using var factory = Watching();
        var client = await AdminClientAsync(factory);
        await ServeAndReactAsync(client, "before", PerVersion, defects: 4);   // version 1: 10 % defects
        var promoted = await PromoteAsync(client);
        await ServeAndReactAsync(client, "after", PerVersion, defects: 24);   // the promoted version: 60 %
        await factory.Services.GetRequiredService<RollbackWatcher>().Pending;

        File.ReadAllText(Path.Combine(_root, "music", "PINNED")).Trim().Should().Be("1");
        var view = await client.GetFromJsonAsync<JsonElement>("/v1/domains/music");
        view.GetProperty("servedVersion").GetInt32().Should().Be(1);
        view.GetProperty("pinnedVersion").GetInt32().Should().Be(1);
        var rollback = view.GetProperty("rollback").GetProperty("lastRollback");
        rollback.GetProperty("done").GetBoolean().Should().BeTrue();
        rollback.GetProperty("fromVersion").GetInt32().Should().Be(promoted);
        rollback.GetProperty("toVersion").GetInt32().Should().Be(1);
        rollback.GetProperty("reason").GetString().Should().Contain("defect share").And.Contain("z ");
        PrometheusText.Sum(await client.GetStringAsync("/metrics"), "reranker_rollbacks_total", ("domain", "music")).Should().Be(1);
        var line = factory.Logs.Lines.Should().ContainSingle(l => l.Message.Contains("Rolled music back", StringComparison.Ordinal)).Subject;
        line.Message.Should().Contain($"from version {promoted} to 1");
        factory.Logs.Lines.Should().NotContain(l => l.Message.Contains("mary", StringComparison.OrdinalIgnoreCase), "no slot value is logged");

        var next = await client.PostAsync("/v1/rerank", Requests.Json(MusicRequest("later")));
        (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("weightsVersion").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task A_promoted_version_as_good_as_the_previous_one_is_kept()
    {
        using var factory = Watching();
        var client = await AdminClientAsync(factory);
        await ServeAndReactAsync(client, "before", PerVersion, defects: 4);
        var promoted = await PromoteAsync(client);
        await ServeAndReactAsync(client, "after", PerVersion * 2, defects: 9);
        await factory.Services.GetRequiredService<RollbackWatcher>().Pending;

        File.Exists(Path.Combine(_root, "music", "PINNED")).Should().BeFalse();
        var view = await client.GetFromJsonAsync<JsonElement>("/v1/domains/music");
        view.GetProperty("servedVersion").GetInt32().Should().Be(promoted);
        var watch = view.GetProperty("rollback");
        watch.GetProperty("servedFeedback").GetInt64().Should().Be(PerVersion * 2);
        watch.GetProperty("previousFeedback").GetInt64().Should().Be(PerVersion);
        watch.GetProperty("previousDefectShare").GetDouble().Should().Be(0.1);
        watch.TryGetProperty("lastRollback", out var last).Should().BeTrue();
        last.ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task The_watcher_is_off_by_default()
    {
        using var factory = ApiFactory.WithRealRegistry(_root, new() { ["DecisionLog:Path"] = string.Empty });
        var client = await AdminClientAsync(factory);
        await ServeAndReactAsync(client, "before", PerVersion, defects: 0);
        await PromoteAsync(client);
        await ServeAndReactAsync(client, "after", PerVersion, defects: PerVersion);

        File.Exists(Path.Combine(_root, "music", "PINNED")).Should().BeFalse();
        (await client.GetFromJsonAsync<JsonElement>("/v1/domains/music")).TryGetProperty("rollback", out _).Should().BeFalse();
    }

    [Fact]
    public void The_test_is_a_one_sided_z_test_with_the_tolerance_as_margin()
    {
        var served = new DefectCount(100, 30);
        var previous = new DefectCount(100, 10);

        // (0.3 − 0.1 − 0.05) / √(0.3·0.7/100 + 0.1·0.9/100) = 0.15 / √0.003
        DefectShareTest.Z(served, previous, 0.05).Should().BeApproximately(0.15 / Math.Sqrt(0.003), 1e-12);
        DefectShareTest.Critical(0.95).Should().BeApproximately(1.6448536, 1e-6);
        DefectShareTest.IsWorse(served, previous, 0.05, 0.95).Should().BeTrue();
        DefectShareTest.IsWorse(new DefectCount(100, 14), previous, 0.05, 0.95).Should().BeFalse("4 points is within the tolerance");
    }

    private ApiFactory Watching() => ApiFactory.WithRealRegistry(_root, new()
    {
        ["DecisionLog:Path"] = string.Empty,
        ["Rollback:Enabled"] = "true",
        ["Rollback:MinFeedback"] = "30",
        ["Rollback:Tolerance"] = "0.05",
        ["Rollback:Confidence"] = "0.95",
    });

    private static async Task<int> PromoteAsync(HttpClient client)
    {
        var response = await client.PostAsync("/v1/domains/music/candidate/promote", null);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
    }

    // Requests music wins (it is the only domain), each followed by its feedback: the first `defects` are complaints.
    private static async Task ServeAndReactAsync(HttpClient client, string phase, int count, int defects)
    {
        string[] complaints = ["rephrased", "barge-in", "abandoned"];
        for (var i = 0; i < count; i++)
        {
            var id = $"{phase}-{i}";
            (await client.PostAsync("/v1/rerank", Requests.Json(MusicRequest(id)))).StatusCode.Should().Be(HttpStatusCode.OK);
            var outcome = i < defects ? complaints[i % complaints.Length] : "accepted";
            var feedback = await client.PostAsync("/v1/feedback", Requests.Json(new JsonObject { ["requestId"] = id, ["outcome"] = outcome }));
            feedback.StatusCode.Should().Be(HttpStatusCode.Accepted);
        }
    }

    private static JsonObject MusicRequest(string id) => new()
    {
        ["requestId"] = id,
        ["hypotheses"] = new JsonArray(Requests.Hypothesis("music", "play_music", 0.7, 0.8, 0.9, ("song", "mary poppins", 0.6))),
    };

    private static async Task<HttpClient> AdminClientAsync(ApiFactory factory)
    {
        var client = await factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
        return client;
    }
}
