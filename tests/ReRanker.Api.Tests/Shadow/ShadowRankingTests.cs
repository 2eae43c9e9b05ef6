using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReRanker.Api.Tests.Reliability;
using ReRanker.Api.Tests.Support;
using ReRanker.Core.Corpus;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;
using ReRanker.Tests.Shared;

namespace ReRanker.Api.Tests.Shadow;

/// <summary>
/// Candidates on the built-in registry over a fixed set of corpus requests: responses byte for byte as without them,
/// and shadow figures equal to what re-ranking every request with each candidate in place of its domain gives.
/// </summary>
[Collection(ReRanker.Api.Tests.Operations.MetricsCollection.Name)]
public sealed class ShadowRankingTests : IDisposable
{
    private const int RequestCount = 150;
    private static readonly string[] CandidateDomains = ["music", "play", "weather", "qa", "iot"];

    private readonly string _plain = CorpusBodies.CopyOfBuiltInRegistry();
    private readonly string _withCandidates = CorpusBodies.CopyOfBuiltInRegistry();

    public ShadowRankingTests()
    {
        foreach (var domain in CandidateDomains)
        {
            var candidate = CandidateOf(domain);
            File.WriteAllBytes(Path.Combine(_withCandidates, domain, $"{candidate.Version}.json"), WeightFileSerializer.Write(candidate));
            File.WriteAllText(Path.Combine(_withCandidates, domain, "CANDIDATE"), $"{candidate.Version}\n");
        }
    }

    public void Dispose()
    {
        Directory.Delete(_plain, recursive: true);
        Directory.Delete(_withCandidates, recursive: true);
    }

    [Fact]
    public async Task Responses_are_byte_identical_with_and_without_candidates()
    {
        var bodies = Bodies();
        var without = await ResponsesAsync(_plain, bodies);
        var with = await ResponsesAsync(_withCandidates, bodies);

        with.Should().HaveCount(bodies.Count + 2).And.HaveSameCount(without);
        for (var i = 0; i < with.Count; i++)
        {
            with[i].Should().Equal(without[i], $"response {i} must not notice the candidates");
        }
    }

    [Fact]
    public async Task Shadow_figures_equal_a_full_re_ranking_with_each_candidate_in_place_of_its_domain()
    {
        var bodies = Bodies();
        using var factory = ApiFactory.WithRealRegistry(_withCandidates, new() { ["DecisionLog:Path"] = string.Empty });
        var client = await factory.CreateReadyClientAsync();
        foreach (var body in bodies)
        {
            (await client.PostAsync("/v1/rerank", Requests.Json(body))).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var expected = await ExpectedAsync();
        var metrics = await client.GetStringAsync("/metrics");
        foreach (var domain in CandidateDomains)
        {
            var (requests, changes, changeSum) = expected[domain];
            requests.Should().BeGreaterThan(0, $"the fixed set involves {domain}");
            var view = await client.GetFromJsonAsync<JsonElement>($"/v1/domains/{domain}");
            var candidate = view.GetProperty("candidate");
            candidate.GetProperty("version").GetInt32().Should().Be(2);
            candidate.GetProperty("shadowRequests").GetInt64().Should().Be(requests, domain);
            candidate.GetProperty("top1Changes").GetInt64().Should().Be(changes, domain);
            candidate.GetProperty("meanAbsoluteProbabilityChange").GetDouble().Should().BeApproximately(changeSum / requests, 1e-12, domain);
            PrometheusText.Sum(metrics, "reranker_shadow_requests_total", ("domain", domain)).Should().Be(requests);
            PrometheusText.Sum(metrics, "reranker_shadow_top1_changes_total", ("domain", domain)).Should().Be(changes);
        }

        expected.Values.Sum(e => e.Changes).Should().BeGreaterThan(0, "the candidates are different enough to change some top-1");
    }

    // The independent computation: Core's plain Rank twice per request and candidate domain, the second time with the
    // candidate replacing the served weights (WeightSet.With), every other domain as served.
    private static async Task<Dictionary<string, (long Requests, long Changes, double ChangeSum)>> ExpectedAsync()
    {
        var served = await ServedSetAsync(RepoPaths.BuiltInRegistry);
        var figures = CandidateDomains.ToDictionary(d => d, _ => (Requests: 0L, Changes: 0L, ChangeSum: 0.0), StringComparer.Ordinal);
        foreach (var example in Examples())
        {
            var before = Reranker.Rank(example.Hypotheses, example.Context, served);
            foreach (var domain in CandidateDomains.Where(d => example.Hypotheses.Any(h => h.Domain == d)))
            {
                var after = Reranker.Rank(example.Hypotheses, example.Context, served.With(new DomainWeights(CandidateOf(domain))));
                var top = before[0];
                var sameHypothesis = after.Single(s => s.Index == top.Index);
                var (requests, changes, sum) = figures[domain];
                figures[domain] = (requests + 1, changes + (after[0].Index != top.Index ? 1 : 0), sum + Math.Abs(sameHypothesis.Probability - top.Probability));
            }
        }

        return figures;
    }

    private static async Task<WeightSet> ServedSetAsync(string root)
    {
        var files = Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Select(f => WeightFileSerializer.Read(File.ReadAllBytes(f)).File!);
        await Task.CompletedTask;
        return new WeightSet(files.Select(f => new DomainWeights(f)));
    }

    /// <summary>The served file with every weight moved, a bias, and context weights the served file does not have.</summary>
    private static WeightFile CandidateOf(string domain)
    {
        var servedFile = Directory.EnumerateFiles(Path.Combine(RepoPaths.BuiltInRegistry, domain), "*.json").Single();
        var served = WeightFileSerializer.Read(File.ReadAllBytes(servedFile)).File!;
        var weights = served.Weights.ToDictionary(kv => kv.Key, kv => kv.Value * (kv.Key.StartsWith("list.", StringComparison.Ordinal) ? 0.2 : 1.5), StringComparer.Ordinal);
        weights["context.hour"] = 0.01;
        weights["context.deviceType=watch"] = 0.3;
        return served with { Version = served.Version + 1, Bias = served.Bias + 0.8, Weights = weights };
    }

    private static List<JsonObject> Bodies() => [.. CorpusBodies.Take(RequestCount)];

    private static IEnumerable<Core.Model.LabelledExample> Examples() =>
        File.ReadLines(RepoPaths.Corpus("test.jsonl")).Where(l => l.Length > 0).Take(RequestCount).Select((l, i) => CorpusReader.ParseLine(l, i + 1));

    private static async Task<List<byte[]>> ResponsesAsync(string registry, List<JsonObject> bodies)
    {
        using var factory = ApiFactory.WithRealRegistry(registry, new() { ["DecisionLog:Path"] = string.Empty });
        var client = await factory.CreateReadyClientAsync();
        var responses = new List<byte[]>();
        foreach (var body in bodies)
        {
            var response = await client.PostAsync("/v1/rerank", Requests.Json(body));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            responses.Add(await response.Content.ReadAsByteArrayAsync());
        }

        var music = await client.GetFromJsonAsync<JsonElement>("/v1/domains/music");
        music.TryGetProperty("candidate", out var candidate).Should().Be(registry != RepoPaths.BuiltInRegistry && Directory.GetFiles(Path.Combine(registry, "music"), "CANDIDATE").Length == 1);
        if (candidate.ValueKind == JsonValueKind.Object)
        {
            candidate.GetProperty("shadowRequests").GetInt64().Should().BeGreaterThan(0, "the shadow ran on these requests");
        }

        var explained = (JsonObject)bodies[0].DeepClone();
        explained["explain"] = true;
        responses.Add(await (await client.PostAsync("/v1/rerank", Requests.Json(explained))).Content.ReadAsByteArrayAsync());
        var batch = new JsonObject { ["requests"] = new JsonArray([.. bodies.Take(20).Select(b => (JsonNode)b.DeepClone())]) };
        responses.Add(await (await client.PostAsync("/v1/rerank/batch", Requests.Json(batch))).Content.ReadAsByteArrayAsync());
        return responses;
    }
}
