using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReRanker.Api.Swagger;
using ReRanker.Api.Tests.Support;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;
using ReRanker.Tests.Shared;

namespace ReRanker.Api.Tests.Swagger;

/// <summary>The Swagger example must show re-ranking at work: with the built-in registry, its winner is not the raw-confidence winner.</summary>
public sealed class ExampleRequestTests
{
    [Fact]
    public void The_example_is_a_corpus_test_split_utterance_with_its_hypotheses_unchanged()
    {
        using var example = JsonDocument.Parse(RerankExampleOperationFilter.Example);
        var id = example.RootElement.GetProperty("requestId").GetString()!["example-".Length..];

        var line = File.ReadLines(RepoPaths.Corpus("test.jsonl")).Single(l => l.Contains($"\"id\":\"{id}\"", StringComparison.Ordinal));

        using var corpus = JsonDocument.Parse(line);
        JsonElement.DeepEquals(corpus.RootElement.GetProperty("hypotheses"), example.RootElement.GetProperty("hypotheses")).Should().BeTrue();
    }

    [BuiltInRegistryFact]
    public async Task With_the_built_in_weights_the_example_winner_differs_from_the_unweighted_winner()
    {
        using var factory = new ApiFactory(new FakeWeightRegistry(LatestBuiltInFiles()));

        var response = await factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(RerankExampleOperationFilter.Example));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var top = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        top.GetProperty("scoredBy").GetString().Should().Be("weights");
        var unweighted = UnweightedWinner();
        (top.GetProperty("domain").GetString(), top.GetProperty("intent").GetString()).Should().NotBe(unweighted);
    }

    private static (string, string) UnweightedWinner()
    {
        using var example = JsonDocument.Parse(RerankExampleOperationFilter.Example);
        var best = example.RootElement.GetProperty("hypotheses").EnumerateArray()
            .MaxBy(h => h.GetProperty("domainScore").GetDouble() * h.GetProperty("intentScore").GetDouble() * h.GetProperty("slotScore").GetDouble());
        return (best.GetProperty("domain").GetString()!, best.GetProperty("intent").GetString()!);
    }

    /// <summary>The highest valid version of each domain in deploy/registry.</summary>
    private static WeightFile[] LatestBuiltInFiles() =>
        Directory.GetDirectories(RepoPaths.BuiltInRegistry)
            .Select(folder => Directory.GetFiles(folder, "*.json")
                .Select(file => WeightFileSerializer.Read(File.ReadAllBytes(file)).File)
                .OfType<WeightFile>()
                .MaxBy(file => file.Version))
            .OfType<WeightFile>()
            .ToArray();
}
