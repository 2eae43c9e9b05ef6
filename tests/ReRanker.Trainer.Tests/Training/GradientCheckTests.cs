using ReRanker.Core.Scoring;
using ReRanker.Trainer.Training;

namespace ReRanker.Trainer.Tests.Training;

/// <summary>The analytic gradient of each loss must match central finite differences, or L-BFGS optimises the wrong thing.</summary>
public sealed class GradientCheckTests
{
    [Theory]
    [InlineData("ese")]
    [InlineData("ce")]
    [InlineData("combined")]
    public void Analytic_gradient_matches_finite_differences(string loss)
    {
        var kind = LossOptions.ParseKind(loss);
        var objective = Objective(kind, l2: 0.05);
        var theta = RandomPoint(objective.Dimension, seed: 3);
        var gradient = new double[objective.Dimension];
        objective.Evaluate(theta, gradient);

        for (var c = 0; c < theta.Length; c++)
        {
            var numeric = CentralDifference(objective, theta, c);
            // Relative to the larger of the two, with an absolute floor for near-zero components.
            Math.Abs(gradient[c] - numeric).Should().BeLessThan(1e-6 + (1e-5 * Math.Max(Math.Abs(gradient[c]), Math.Abs(numeric))), $"column {c} of {kind}");
        }
    }

    [Fact]
    public void L2_term_adds_to_every_weight_but_not_the_bias()
    {
        // Same point, two strengths: the gradients differ by 2·Δl2·θ, except the bias (column 0).
        var plain = Objective(LossKind.Ce, l2: 0);
        var regularised = Objective(LossKind.Ce, l2: 0.5);
        var theta = RandomPoint(plain.Dimension, seed: 5);
        var g0 = new double[theta.Length];
        var g1 = new double[theta.Length];
        plain.Evaluate(theta, g0);
        regularised.Evaluate(theta, g1);

        g1[0].Should().BeApproximately(g0[0], 1e-12);
        for (var c = 1; c < theta.Length; c++)
        {
            g1[c].Should().BeApproximately(g0[c] + (2 * 0.5 * theta[c]), 1e-9);
        }
    }

    [Fact]
    public void Combined_loss_is_the_ce_weighted_mix_of_ese_and_ce()
    {
        var theta = RandomPoint(Objective(LossKind.Ese, 0).Dimension, seed: 9);
        var ese = Objective(LossKind.Ese, 0).Evaluate(theta, new double[theta.Length]);
        var ce = Objective(LossKind.Ce, 0).Evaluate(theta, new double[theta.Length]);
        var combined = Objective(LossKind.Combined, 0, ceWeight: 0.3).Evaluate(theta, new double[theta.Length]);

        combined.Should().BeApproximately((0.7 * ese) + (0.3 * ce), 1e-12);
    }

    private static double CentralDifference(DomainObjective objective, double[] theta, int column)
    {
        const double h = 1e-5;
        var scratch = new double[theta.Length];
        var plus = (double[])theta.Clone();
        var minus = (double[])theta.Clone();
        plus[column] += h;
        minus[column] -= h;
        return (objective.Evaluate(plus, scratch) - objective.Evaluate(minus, scratch)) / (2 * h);
    }

    private static DomainObjective Objective(LossKind kind, double l2, double ceWeight = 0.5)
    {
        // Calendar on 120 real utterances with every feature group, context included.
        var run = new TrainingRun(TestCorpus.File(120), WeightSet.Empty, new TrainingSettings(
            new LossOptions(kind, l2, ceWeight), FeatureSelection.Parse(FeatureSelection.Default), 0, 1, DateTimeOffset.UnixEpoch));
        var problem = DomainProblem.Build(run.Corpus, run.Split.Fit, "calendar", run.Settings.Features, run.FixedScores);
        problem.Rows.Should().BeGreaterThan(20, "the slice must exercise the loss");
        return new DomainObjective(problem, run.Settings.Loss);
    }

    private static double[] RandomPoint(int dimension, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, dimension).Select(_ => (random.NextDouble() - 0.5) * 0.4).ToArray();
    }
}
