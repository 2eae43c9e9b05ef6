using System.Security.Cryptography;
using System.Text;
using MathNet.Numerics.Distributions;

namespace ReRanker.Trainer.Training;

/// <summary><c>train --dp-epsilon ε [--dp-delta δ] [--dp-feature-norm B]</c>.</summary>
internal sealed record PrivacySettings(double Epsilon, double Delta, double FeatureNormBound)
{
    /// <summary>
    /// The default B: rows are divided by it, then clipped to norm 1 (docs/privacy.md). Chosen with the private default
    /// features on a held-out part of train.jsonl (docs/quality.md): the bias column becomes 1/B and a typical log-scale
    /// feature about as large.
    /// </summary>
    public const double DefaultFeatureNormBound = 2;
}

/// <summary>The privacy budget split of one fit: the ε' left for the noise and the extra L2 Δ the mechanism adds.</summary>
internal sealed record PrivacyBudget(double NoiseEpsilon, double ExtraL2, double Lambda);

/// <summary>
/// Utterance-level ε-differentially private cross-entropy by objective perturbation (Chaudhuri, Monteleoni &amp;
/// Sarwate, JMLR 12, 2011, Algorithm 2), with the argument of docs/privacy.md:
/// <list type="number">
/// <item>rows x are divided by the public bound B and clipped to norm ≤ 1 (bias column included);</item>
/// <item>each utterance's loss is the mean cross-entropy over its own rows, so its gradient has norm ≤ 1 and its
/// Hessian is positive semi-definite with trace ≤ c = 1/4;</item>
/// <item>minimise (1/n) Σ_u L_u(θ) + ((Λ + Δ)/2) ‖θ‖² + (1/n) bᵀθ over every coordinate (bias penalised), n = the
/// corpus's record count, Λ = 2·l2, b with density ∝ exp(−ε'/2 ‖b‖).</item>
/// </list>
/// </summary>
internal static class ObjectivePerturbation
{
    public const string Mechanism = Core.Weights.PrivacyInfo.ObjectivePerturbation;

    /// <summary>Bound on the second derivative of the logistic loss, σ(s)(1 − σ(s)) ≤ 1/4.</summary>
    public const double LossCurvature = 0.25;

    /// <summary>
    /// ε' and Δ: the Jacobian of the map θ ↦ b costs at most c / (n (Λ + Δ)) of ε (docs/privacy.md: the replaced
    /// utterance's Hessian is positive semi-definite with trace ≤ c and the rest of the Jacobian is ⪰ n (Λ + Δ) I). When
    /// that is at most ε/2, Δ = 0 and ε' = ε − c / (nΛ); otherwise Δ raises the regularisation until it is exactly ε/2,
    /// ε' = ε/2.
    /// </summary>
    public static PrivacyBudget Budget(double epsilon, int n, double l2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(l2);
        var lambda = 2 * l2;
        var jacobianCost = LossCurvature / (n * lambda);
        if (jacobianCost <= epsilon / 2)
        {
            return new PrivacyBudget(epsilon - jacobianCost, 0, lambda);
        }

        return new PrivacyBudget(epsilon / 2, (2 * LossCurvature / (n * epsilon)) - lambda, lambda);
    }

    /// <summary>
    /// A draw of b ∈ ℝ^d with density ∝ exp(−ε'/2 ‖b‖): its norm is Gamma(shape d, scale 2/ε'), its direction uniform
    /// on the sphere (a normalised standard normal vector). Seeded, so a seed fixes the draw.
    /// </summary>
    public static double[] Noise(int dimension, double noiseEpsilon, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(noiseEpsilon);
        ArgumentNullException.ThrowIfNull(random);
        var direction = new double[dimension];
        double squares;
        do
        {
            squares = 0;
            for (var i = 0; i < dimension; i++)
            {
                direction[i] = Normal.Sample(random, 0, 1);
                squares += direction[i] * direction[i];
            }
        }
        while (squares == 0);

        var norm = Gamma.Sample(random, dimension, noiseEpsilon / 2);
        var scale = norm / Math.Sqrt(squares);
        for (var i = 0; i < dimension; i++)
        {
            direction[i] *= scale;
        }

        return direction;
    }

    /// <summary>The noise generator of one domain: fixed by the seed and the domain's name, independent of any other domain.</summary>
    public static Random RandomFor(int seed, string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"objective-perturbation:{seed}:{domain}"));
        return new Random(BitConverter.ToInt32(hash, 0));
    }

    /// <summary>Rows divided by <paramref name="bound"/> and clipped to norm ≤ 1; each utterance weighs 1 / its rows.</summary>
    public static DomainProblem Bound(DomainProblem problem, double bound)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        var columns = problem.Columns;
        var x = new double[problem.X.Length];
        for (var r = 0; r < problem.Rows; r++)
        {
            var source = problem.X.AsSpan(r * columns, columns);
            var target = x.AsSpan(r * columns, columns);
            double squares = 0;
            foreach (var v in source)
            {
                squares += v * v;
            }

            var scale = 1 / Math.Max(bound, Math.Sqrt(squares));
            for (var c = 0; c < columns; c++)
            {
                target[c] = source[c] * scale;
            }
        }

        var weights = new double[problem.Utterances];
        for (var u = 0; u < weights.Length; u++)
        {
            weights[u] = 1.0 / (problem.RowStart[u + 1] - problem.RowStart[u]);
        }

        return problem.With(x, weights);
    }

    /// <summary>
    /// The private fit: θ̃ minimises the perturbed objective over the bounded rows, from zero (the minimiser is unique, so
    /// the start carries no information); the served weights are θ̃ / B, since θ̃ · x / B = (θ̃ / B) · x for every row
    /// inside the bound. <paramref name="n"/> is the corpus size, the same for neighbouring corpora.
    /// </summary>
    public static (OptimizationResult Result, PrivacyBudget Budget) Fit(DomainProblem problem, double l2, PrivacySettings privacy, int n, int seed, IOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(privacy);
        ArgumentNullException.ThrowIfNull(optimizer);
        var budget = Budget(privacy.Epsilon, n, l2);
        var bounded = Bound(problem, privacy.FeatureNormBound);
        var noise = Noise(problem.Columns, budget.NoiseEpsilon, RandomFor(seed, problem.Domain));
        var terms = new ObjectiveTerms(Normaliser: n, PenaliseBias: true, Linear: [.. noise.Select(b => b / n)]);
        var loss = new LossOptions(LossKind.Ce, (budget.Lambda + budget.ExtraL2) / 2, 1);
        var objective = new DomainObjective(bounded, loss, terms);
        var fitted = optimizer.Minimize(objective.Evaluate, new double[objective.Dimension]);
        var served = fitted.Point.Select(t => t / privacy.FeatureNormBound).ToArray();
        return (fitted with { Point = served }, budget);
    }
}
