using ReRanker.Core.Metrics;
using ReRanker.Core.Weights;
using ReRanker.Trainer.Tests.Cli;
using ReRanker.Trainer.Training;

namespace ReRanker.Trainer.Tests.Training;

/// <summary>train --balance KEY: every segment of KEY gets the same total weight in a domain's loss.</summary>
public sealed class SegmentBalanceTests
{
    [Fact]
    public void Every_segment_gets_the_same_total_weight_and_the_weights_average_one()
    {
        var run = new TrainingRun(TestCorpus.File(400), Core.Scoring.WeightSet.Empty, new TrainingSettings(
            new LossOptions(LossKind.Combined, 0.01, 0.5), FeatureSelection.Parse(FeatureSelection.Default), 0, 1, DateTimeOffset.UnixEpoch));
        var problem = DomainProblem.Build(run.Corpus, run.FitExamples, "calendar", run.Settings.Features, run.FixedScores);
        SegmentKey.TryParse("deviceType", out var key).Should().BeTrue();

        var balanced = SegmentBalance.Apply(problem, run.Corpus, key!);

        var totals = problem.Examples.Select((e, u) => (Value: key!.ValueOf(run.Corpus.Examples[e].Context), Weight: balanced.UtteranceWeights![u]))
            .GroupBy(x => x.Value).Select(g => g.Sum(x => x.Weight)).ToArray();
        totals.Should().HaveCountGreaterThan(2);
        totals.Should().AllSatisfy(t => t.Should().BeApproximately(totals[0], 1e-9));
        balanced.UtteranceWeights!.Average().Should().BeApproximately(1, 1e-12);
        balanced.UtteranceWeights!.Distinct().Should().HaveCountGreaterThan(1, "the segments are not equally large");
    }

    [Fact]
    public async Task Training_with_balance_changes_the_weights_and_unknown_keys_are_refused()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 300);

        await CliRun.TrainAsync(data, temp.Combine("plain"), "--domain", "calendar");
        var balanced = await CliRun.TrainAsync(data, temp.Combine("balanced"), "--domain", "calendar", "--balance", "deviceType");
        var bad = await CliRun.TrainAsync(data, temp.Combine("bad"), "--domain", "calendar", "--balance", "device type");

        balanced.ExitCode.Should().Be(0, balanced.All);
        var plain = WeightFileSerializer.Read(File.ReadAllBytes(temp.Combine("plain", "calendar", "1.json"))).File!;
        var weighted = WeightFileSerializer.Read(File.ReadAllBytes(temp.Combine("balanced", "calendar", "1.json"))).File!;
        weighted.Weights.Should().NotEqual(plain.Weights);
        bad.ExitCode.Should().Be(2);
        bad.Error.Should().Contain("--balance 'device type'");
    }
}
