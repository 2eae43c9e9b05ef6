using System.Security.Cryptography;
using ReRanker.Core.Weights;

namespace ReRanker.Trainer.Tests.Cli;

/// <summary>A trained file must say how it was made: enough to reproduce and to judge it.</summary>
public sealed class TrainOutputTests
{
    [Fact]
    public async Task Weight_file_carries_the_training_metadata()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 200);

        var result = await CliRun.TrainAsync(data, temp.Combine("out"), "--domain", "calendar", "--l2", "0.02", "--ce-weight", "0.4", "--seed", "5");

        result.ExitCode.Should().Be(0, result.All);
        var file = WeightFileSerializer.Read(File.ReadAllBytes(temp.Combine("out", "calendar", "1.json"))).File!;
        file.CreatedAt.Should().Be(DateTimeOffset.Parse(CliRun.FixedCreatedAt, System.Globalization.CultureInfo.InvariantCulture));
        file.Training.Loss.Should().Be("combined");
        file.Training.L2.Should().Be(0.02);
        file.Training.CeWeight.Should().Be(0.4);
        file.Training.Seed.Should().Be(5);
        file.Training.TrainerVersion.Should().StartWith("reranker-train ");
        file.Training.DataSha256.Should().Be(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(data))));
        file.Training.TrainExamples.Should().BeGreaterThan(0);
        file.Training.TrainHypotheses.Should().BeGreaterThanOrEqualTo(file.Training.TrainExamples);
        file.Training.HeldOutExamples.Should().BeGreaterThan(0);
        file.Training.Metrics.Keys.Should().Contain(["semer", "irer", "domainError", "eceAll", "eceTop1"]);
    }

    [Fact]
    public async Task Domain_features_override_the_default_set_for_that_domain_only()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 150);

        var result = await CliRun.TrainAsync(data, temp.Combine("out"), "--all", "--domain-features", "calendar=logits");

        result.ExitCode.Should().Be(0, result.All);
        var calendar = WeightFileSerializer.Read(File.ReadAllBytes(temp.Combine("out", "calendar", "1.json"))).File!;
        var alarm = WeightFileSerializer.Read(File.ReadAllBytes(temp.Combine("out", "alarm", "1.json"))).File!;
        calendar.Weights.Keys.Should().BeEquivalentTo("logit.domainScore", "logit.intentScore", "logit.slotScore");
        alarm.Weights.Keys.Should().Contain("list.domainMargin");
    }

    [Fact]
    public async Task Split_then_plot_from_evaluate_json_outputs()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 100);

        var split = await CliRun.RunAsync("split", "--data", data, "--holdout", "0.3", "--fit-out", temp.Combine("fit.jsonl"), "--holdout-out", temp.Combine("dev.jsonl"));
        var evaluate = await CliRun.RunAsync("evaluate", "--data", temp.Combine("dev.jsonl"), "--registry", ReRanker.Tests.Shared.RepoPaths.BuiltInRegistry, "--format", "json");
        File.WriteAllText(temp.Combine("eval.json"), evaluate.Out);
        var plot = await CliRun.RunAsync("plot", "--report", $"R3={temp.Combine("eval.json")}", "--out", temp.Combine("plot.svg"));

        split.ExitCode.Should().Be(0, split.All);
        File.ReadAllLines(temp.Combine("fit.jsonl")).Should().HaveCount(70);
        File.ReadAllLines(temp.Combine("dev.jsonl")).Should().HaveCount(30);
        plot.ExitCode.Should().Be(0, plot.All);
        File.ReadAllText(temp.Combine("plot.svg")).Should().Contain("R3").And.Contain("unweighted baseline");
    }
}
