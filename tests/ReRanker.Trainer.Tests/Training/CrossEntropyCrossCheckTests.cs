using ReRanker.Core.Scoring;
using ReRanker.Trainer.Training;

namespace ReRanker.Trainer.Tests.Training;

/// <summary>
/// The project's own cross-entropy objective (minimised by MathNet L-BFGS) and ML.NET's logistic regression
/// (LbfgsLogisticRegression, with l2 mapped to λ = 2·l2·U) solve the same problem, so each checks the other.
/// Tolerances: ML.NET computes in single precision (features, weights, loss), so the two agree to 1e-5 in mean
/// log-loss and 1e-2 per parameter (measured: at most 3e-6 and 5e-3; near-collinear columns such as
/// slots.meanConfidence and slots.minConfidence leave a few weights loosely determined), and ML.NET's
/// solution is a stationary point of the project's objective (largest gradient component below 1e-4).
/// </summary>
public sealed class CrossEntropyCrossCheckTests
{
    public static TheoryData<string, double> Domains => new()
    {
        { "calendar", 0.01 },
        { "play", 0.01 },
        { "qa", 0.001 },
    };

    [Theory]
    [MemberData(nameof(Domains))]
    public void Project_cross_entropy_and_ml_net_logistic_regression_agree(string domain, double l2)
    {
        var problem = Problem(domain, l2);
        var objective = new DomainObjective(problem, new LossOptions(LossKind.Ce, l2, 0));

        var own = new LbfgsOptimizer(gradientTolerance: 1e-10, maximumIterations: 5000).Minimize(objective.Evaluate, new double[objective.Dimension]);
        var (mlNet, _) = MlNetLogisticRegression.Fit(problem, l2, seed: 1);

        mlNet.Should().HaveCount(own.Point.Length);
        for (var c = 0; c < mlNet.Length; c++)
        {
            mlNet[c].Should().BeApproximately(own.Point[c], 1e-2, $"parameter {c} ({(c == 0 ? "bias" : problem.ColumnNames[c - 1])}) of {domain}");
        }

        MeanLogLoss(problem, mlNet).Should().BeApproximately(MeanLogLoss(problem, own.Point), 1e-5);
        var gradient = new double[objective.Dimension];
        objective.Evaluate(mlNet, gradient);
        gradient.Max(Math.Abs).Should().BeLessThan(1e-4, "ML.NET's solution is a stationary point of the project's objective");
    }

    [Fact]
    public void Ml_net_objective_is_the_projects_when_lambda_is_two_l2_times_utterances()
    {
        var problem = Problem("calendar", 0.01);

        MlNetLogisticRegression.MlNetL2(problem, 0.01).Should().Be(2 * 0.01 * problem.Utterances);
        MlNetLogisticRegression.MlNetL2(problem, 0).Should().Be(0);
    }

    [Fact]
    public void A_different_l2_moves_ml_net_away_from_the_projects_solution()
    {
        // The check above can fail: with the wrong regularisation the solutions differ by far more than its tolerance.
        var problem = Problem("calendar", 0.01);
        var objective = new DomainObjective(problem, new LossOptions(LossKind.Ce, 0.01, 0));
        var own = new LbfgsOptimizer(gradientTolerance: 1e-10, maximumIterations: 5000).Minimize(objective.Evaluate, new double[objective.Dimension]);

        var (unmapped, _) = MlNetLogisticRegression.Fit(problem, 0.01 / problem.Utterances, seed: 1);

        unmapped.Zip(own.Point, (a, b) => Math.Abs(a - b)).Max().Should().BeGreaterThan(1e-1);
    }

    private static DomainProblem Problem(string domain, double l2)
    {
        var run = new TrainingRun(TestCorpus.File(600), WeightSet.Empty, new TrainingSettings(
            new LossOptions(LossKind.Ce, l2, 0), FeatureSelection.Parse(FeatureSelection.Default), 0, 1, DateTimeOffset.UnixEpoch));
        var problem = DomainProblem.Build(run.Corpus, run.Split.Fit, domain, run.Settings.Features, run.FixedScores);
        problem.Rows.Should().BeGreaterThan(40, "the slice must exercise the fit");
        return problem;
    }

    private static double MeanLogLoss(DomainProblem problem, double[] theta)
    {
        double total = 0;
        for (var r = 0; r < problem.Rows; r++)
        {
            var s = 0.0;
            for (var c = 0; c < problem.Columns; c++)
            {
                s += problem.X[(r * problem.Columns) + c] * theta[c];
            }

            var p = 1 / (1 + Math.Exp(-s));
            total -= problem.Y[r] == 1 ? Math.Log(p) : Math.Log(1 - p);
        }

        return total / problem.Rows;
    }
}
