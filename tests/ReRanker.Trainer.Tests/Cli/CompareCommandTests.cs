using System.Text.Json;
using ReRanker.Tests.Shared;

namespace ReRanker.Trainer.Tests.Cli;

/// <summary><c>compare</c> puts the joint LightGBM LambdaRank model beside R1, R2, R3 and the baseline.</summary>
public sealed class CompareCommandTests
{
    [Fact]
    public async Task Table_prints_the_lightgbm_row_beside_r3()
    {
        using var temp = new TempFolder();
        var train = TestCorpus.WriteSlice(temp.Path, 400, "train.jsonl");

        var result = await CliRun.RunAsync("compare", "--data", train, "--test", RepoPaths.Corpus("test.jsonl"));

        result.ExitCode.Should().Be(0, result.All);
        var lines = result.Out.Split('\n');
        lines.Should().Contain(l => l.Contains("R3 combined", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("LightGBM LambdaRank", StringComparison.Ordinal));
        result.Out.Should().Contain("NDCG@1").And.Contain("NDCG@3").And.Contain("unweighted baseline");
    }

    [Fact]
    public async Task Json_gives_every_ranker_and_no_ece_for_lambdarank()
    {
        using var temp = new TempFolder();
        var train = TestCorpus.WriteSlice(temp.Path, 300, "train.jsonl");
        var test = TestCorpus.WriteSlice(temp.Path, 120, "test.jsonl");

        var result = await CliRun.RunAsync("compare", "--data", train, "--test", test, "--format", "json");

        result.ExitCode.Should().Be(0, result.All);
        using var json = JsonDocument.Parse(result.Out);
        var rankers = json.RootElement.GetProperty("rankers").EnumerateArray().ToArray();
        rankers.Select(r => r.GetProperty("name").GetString()).Should().HaveCount(5);
        var lightGbm = rankers[^1];
        lightGbm.GetProperty("name").GetString().Should().StartWith("LightGBM");
        lightGbm.GetProperty("eceAll").ValueKind.Should().Be(JsonValueKind.Null);
        lightGbm.GetProperty("ndcg1").GetDouble().Should().BeInRange(0, 1);
        lightGbm.GetProperty("semer").GetDouble().Should().BeLessThan(rankers[0].GetProperty("semer").GetDouble(), "on its own training data the joint model beats the baseline");
        rankers[3].GetProperty("eceAll").GetDouble().Should().BeInRange(0, 1);
    }
}
