using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Training;

namespace ReRanker.Trainer.Tests.Privacy;

/// <summary>The pieces the guarantee of docs/privacy.md rests on: the noise's distribution, the budget rule, the bounds.</summary>
public sealed class ObjectivePerturbationTests
{
    private const int Draws = 4000;

    // Kolmogorov–Smirnov critical value at α = 0.001 for n draws: 1.95 / √n.
    private static readonly double Critical = 1.95 / Math.Sqrt(Draws);

    [Theory]
    [InlineData(15, 0.5)]
    [InlineData(15, 4)]
    [InlineData(3, 1)]
    public void The_noise_norm_is_gamma_with_shape_d_and_scale_2_over_epsilon(int dimension, double epsilon)
    {
        var norms = Sample(dimension, epsilon, seed: 11).Select(Norm).ToArray();

        KolmogorovSmirnov(norms, x => Gamma.CDF(dimension, epsilon / 2, x)).Should().BeLessThan(Critical);
        norms.Average().Should().BeApproximately(2 * dimension / epsilon, 0.05 * 2 * dimension / epsilon);
    }

    [Fact]
    public void The_test_rejects_noise_of_the_wrong_scale()
    {
        // The same draws against a scale 20 % off: a test that could not fail would pass this too.
        var norms = Sample(15, 1, seed: 11).Select(Norm).ToArray();

        KolmogorovSmirnov(norms, x => Gamma.CDF(15, 1.2 / 2, x)).Should().BeGreaterThan(Critical);
        KolmogorovSmirnov(norms, x => Gamma.CDF(15, 0.8 / 2, x)).Should().BeGreaterThan(Critical);
    }

    [Fact]
    public void The_noise_direction_is_uniform_on_the_sphere()
    {
        const int dimension = 15;
        var draws = Sample(dimension, 1, seed: 5);

        // For a uniform direction u in d dimensions, u₁² is Beta(1/2, (d − 1)/2); every coordinate alike.
        for (var c = 0; c < dimension; c += 7)
        {
            var squares = draws.Select(b => b[c] * b[c] / (Norm(b) * Norm(b))).ToArray();
            KolmogorovSmirnov(squares, x => Beta.CDF(0.5, (dimension - 1) / 2.0, x)).Should().BeLessThan(Critical, $"coordinate {c}");
        }

        draws.Select(b => b[0] / Norm(b)).Average().Should().BeApproximately(0, 4 / Math.Sqrt(Draws * dimension));
    }

    [Fact]
    public void The_noise_is_fixed_by_the_seed_and_the_domain()
    {
        var first = ObjectivePerturbation.Noise(10, 1, ObjectivePerturbation.RandomFor(1, "music"));
        var again = ObjectivePerturbation.Noise(10, 1, ObjectivePerturbation.RandomFor(1, "music"));
        var otherSeed = ObjectivePerturbation.Noise(10, 1, ObjectivePerturbation.RandomFor(2, "music"));
        var otherDomain = ObjectivePerturbation.Noise(10, 1, ObjectivePerturbation.RandomFor(1, "weather"));

        again.Should().Equal(first);
        otherSeed.Should().NotEqual(first);
        otherDomain.Should().NotEqual(first);
    }

    [Fact]
    public void The_budget_pays_for_the_jacobian_and_adds_regularisation_only_when_it_must()
    {
        // c / (nΛ) = 0.25 / (1000 · 0.02) = 0.0125 ≤ ε/2: no extra regularisation.
        var ample = ObjectivePerturbation.Budget(1, 1000, 0.01);
        ample.ExtraL2.Should().Be(0);
        ample.NoiseEpsilon.Should().BeApproximately(0.9875, 1e-12);

        // 0.25 / (100 · 0.0002) = 12.5 > ε/2: Δ brings the Jacobian's cost to exactly ε/2.
        var tight = ObjectivePerturbation.Budget(1, 100, 0.0001);
        tight.NoiseEpsilon.Should().Be(0.5);
        (ObjectivePerturbation.LossCurvature / (100 * (tight.Lambda + tight.ExtraL2))).Should().BeApproximately(0.5, 1e-12);
    }

    [Fact]
    public void Every_bounded_utterance_has_gradient_norm_at_most_1_and_hessian_trace_at_most_a_quarter()
    {
        var run = new TrainingRun(TestCorpus.File(300), Core.Scoring.WeightSet.Empty, new TrainingSettings(
            new LossOptions(LossKind.Ce, 0.01, 1), FeatureSelection.Parse(FeatureSelection.PrivateDefault), 0, 1, DateTimeOffset.UnixEpoch));
        var problem = DomainProblem.Build(run.Corpus, run.FitExamples, "calendar", run.Settings.Features, run.FixedScores);
        var bounded = ObjectivePerturbation.Bound(problem, 1); // a small bound, so many rows are clipped
        var random = new Random(3);
        var theta = Enumerable.Range(0, problem.Columns).Select(_ => (random.NextDouble() - 0.5) * 40).ToArray();
        var largestGradient = 0.0;
        for (var u = 0; u < bounded.Utterances; u++)
        {
            var gradient = new double[problem.Columns];
            double trace = 0;
            for (var r = bounded.RowStart[u]; r < bounded.RowStart[u + 1]; r++)
            {
                var row = bounded.X.AsSpan(r * problem.Columns, problem.Columns).ToArray();
                var s = row.Zip(theta, (x, t) => x * t).Sum();
                var sigmoid = 1 / (1 + Math.Exp(-s));
                for (var c = 0; c < row.Length; c++)
                {
                    gradient[c] += bounded.UtteranceWeights![u] * (sigmoid - bounded.Y[r]) * row[c];
                }

                trace += bounded.UtteranceWeights![u] * sigmoid * (1 - sigmoid) * row.Sum(x => x * x);
            }

            largestGradient = Math.Max(largestGradient, Norm(gradient));
            Norm(gradient).Should().BeLessThanOrEqualTo(1 + 1e-12);
            trace.Should().BeLessThanOrEqualTo(ObjectivePerturbation.LossCurvature + 1e-12);
        }

        largestGradient.Should().BeGreaterThan(0.5, "the bound is reached, so the check is not vacuous");
    }

    [Fact]
    public void Replacing_one_utterance_changes_the_log_determinant_of_the_jacobian_by_at_most_c_over_the_regularisation()
    {
        // The Jacobian half of the argument in docs/privacy.md, on real rows: with A = Σ_{u≠v} ∇²L_u + R·I,
        // |log det(A + ∇²L_v′) − log det(A + ∇²L_v)| ≤ c / R for every pair v, v′. Few utterances and R = 1, so that A is
        // close to R·I and the largest change comes within a factor of about 2 of the bound.
        const double regularisation = 1;
        const int utterances = 12;
        var run = new TrainingRun(TestCorpus.File(120), Core.Scoring.WeightSet.Empty, new TrainingSettings(
            new LossOptions(LossKind.Ce, 0.01, 1), FeatureSelection.Parse(FeatureSelection.PrivateDefault), 0, 1, DateTimeOffset.UnixEpoch));
        var problem = DomainProblem.Build(run.Corpus, run.FitExamples, "calendar", run.Settings.Features, run.FixedScores);
        var bounded = ObjectivePerturbation.Bound(problem, 1);
        var random = new Random(7);
        var theta = Enumerable.Range(0, problem.Columns).Select(_ => (random.NextDouble() - 0.5) * 4).ToArray();
        var hessians = Enumerable.Range(0, utterances).Select(u => UtteranceHessian(bounded, u, theta)).ToArray();
        var all = hessians.Aggregate(Matrix<double>.Build.DenseIdentity(problem.Columns) * regularisation, (sum, h) => sum + h);
        var largest = 0.0;
        for (var v = 0; v < hessians.Length; v++)
        {
            var rest = all - hessians[v];
            var own = rest.Add(hessians[v]).Determinant();
            for (var w = 0; w < hessians.Length; w++)
            {
                var change = Math.Abs(Math.Log(rest.Add(hessians[w]).Determinant() / own));
                change.Should().BeLessThanOrEqualTo(ObjectivePerturbation.LossCurvature / regularisation + 1e-9);
                largest = Math.Max(largest, change);
            }
        }

        largest.Should().BeGreaterThan(0.4 * ObjectivePerturbation.LossCurvature / regularisation, "the check is not vacuous");
    }

    private static Matrix<double> UtteranceHessian(DomainProblem problem, int utterance, double[] theta)
    {
        var hessian = Matrix<double>.Build.Dense(problem.Columns, problem.Columns);
        for (var r = problem.RowStart[utterance]; r < problem.RowStart[utterance + 1]; r++)
        {
            var row = Vector<double>.Build.DenseOfArray(problem.X.AsSpan(r * problem.Columns, problem.Columns).ToArray());
            var sigmoid = 1 / (1 + Math.Exp(-row.DotProduct(Vector<double>.Build.DenseOfArray(theta))));
            hessian += row.OuterProduct(row) * (problem.UtteranceWeights![utterance] * sigmoid * (1 - sigmoid));
        }

        return hessian;
    }

    private static double[][] Sample(int dimension, double epsilon, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, Draws).Select(_ => ObjectivePerturbation.Noise(dimension, epsilon, random)).ToArray();
    }

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));

    private static double KolmogorovSmirnov(double[] sample, Func<double, double> cdf)
    {
        var sorted = sample.Order().ToArray();
        double d = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            var f = cdf(sorted[i]);
            d = Math.Max(d, Math.Max(((i + 1.0) / sorted.Length) - f, f - ((double)i / sorted.Length)));
        }

        return d;
    }
}
