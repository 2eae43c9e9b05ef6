using System.Buffers;
using ReRanker.Core.Features;
using ReRanker.Core.Model;

namespace ReRanker.Core.Scoring;

/// <summary>
/// Scores and ranks one n-best list. Score = bias + Σ weight × feature, probability = sigmoid(score);
/// ranked by probability, ties by input order, so the ranking is deterministic.
/// The only allocation is the result array: feature rows use stack space up to 2048 values (186 hypotheses)
/// and a pooled array above that.
/// </summary>
public static class Reranker
{
    private const int StackLimit = 2048;

    public static ScoredHypothesis[] Rank(
        IReadOnlyList<Hypothesis> hypotheses,
        RequestContext context,
        WeightSet weights,
        UnweightedDomainPolicy policy = UnweightedDomainPolicy.Unweighted)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        var count = hypotheses.Count;
        if (count == 0)
        {
            return [];
        }

        var width = FeatureCatalog.HypothesisFeatureCount;
        double[]? rented = null;
        var features = count * width <= StackLimit
            ? stackalloc double[count * width]
            : (rented = ArrayPool<double>.Shared.Rent(count * width)).AsSpan(0, count * width);
        try
        {
            FeatureExtractor.Compute(hypotheses, features);
            var results = new ScoredHypothesis[policy == UnweightedDomainPolicy.Reject ? CountWeighted(hypotheses, weights) : count];
            var filled = 0;
            var cache = new DomainCache(weights, context);
            for (var i = 0; i < count; i++)
            {
                var h = hypotheses[i];
                var (domainWeights, contextScore) = cache.Get(h.Domain);
                if (domainWeights is not null)
                {
                    var score = Score(domainWeights, features.Slice(i * width, width), contextScore);
                    results[filled++] = new ScoredHypothesis(i, score, FeatureExtractor.Sigmoid(score), ScoringMethod.Weights, domainWeights.Version);
                }
                else if (policy == UnweightedDomainPolicy.Unweighted)
                {
                    var probability = h.DomainScore * h.IntentScore * h.SlotScore;
                    results[filled++] = new ScoredHypothesis(i, FeatureExtractor.Logit(probability), probability, ScoringMethod.Unweighted, null);
                }
            }

            SortByProbability(results);
            return results;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Each feature's contribution to one hypothesis's score (empty when its domain has no weights).</summary>
    public static IReadOnlyList<FeatureContribution> Explain(IReadOnlyList<Hypothesis> hypotheses, int index, RequestContext context, WeightSet weights)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, hypotheses.Count);
        if (!weights.TryGet(hypotheses[index].Domain, out var domainWeights))
        {
            return [];
        }

        var width = FeatureCatalog.HypothesisFeatureCount;
        var features = new double[hypotheses.Count * width];
        FeatureExtractor.Compute(hypotheses, features);
        var row = features.AsSpan(index * width, width);
        var contributions = new List<FeatureContribution> { new("bias", 1, domainWeights.Bias, domainWeights.Bias) };
        for (var f = 0; f < width; f++)
        {
            var weight = domainWeights.Dense[f];
            if (weight != 0)
            {
                contributions.Add(new FeatureContribution(FeatureCatalog.HypothesisFeatureNames[f], row[f], weight, weight * row[f]));
            }
        }

        foreach (var (key, value) in context.Entries)
        {
            var weight = domainWeights.ContextWeight(key, value);
            if (weight != 0)
            {
                var x = value.Kind == ContextValueKind.String ? 1 : value.Number;
                contributions.Add(new FeatureContribution(FeatureCatalog.ContextFeatureName(key, value), x, weight, DomainWeights.ContextTerm(weight, value)));
            }
        }

        return contributions;
    }

    /// <summary>bias + context score + Σ dense weight × feature for one feature row.</summary>
    public static double Score(DomainWeights weights, ReadOnlySpan<double> row, double contextScore)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var dense = weights.Dense;
        var score = weights.Bias + contextScore;
        for (var f = 0; f < dense.Length; f++)
        {
            score += dense[f] * row[f];
        }

        return score;
    }

    private static int CountWeighted(IReadOnlyList<Hypothesis> hypotheses, WeightSet weights)
    {
        var n = 0;
        for (var i = 0; i < hypotheses.Count; i++)
        {
            if (weights.TryGet(hypotheses[i].Domain, out _))
            {
                n++;
            }
        }

        return n;
    }

    // Insertion sort: stable (ties keep input order), allocation-free, and fastest for n-best sizes.
    private static void SortByProbability(ScoredHypothesis[] results)
    {
        for (var i = 1; i < results.Length; i++)
        {
            var current = results[i];
            var j = i - 1;
            while (j >= 0 && results[j].Probability < current.Probability)
            {
                results[j + 1] = results[j];
                j--;
            }

            results[j + 1] = current;
        }
    }

    /// <summary>Remembers the last domain looked up: n-best lists come grouped by domain.</summary>
    private ref struct DomainCache(WeightSet weights, RequestContext context)
    {
        private string? _domain;
        private DomainWeights? _weights;
        private double _contextScore;

        public (DomainWeights? Weights, double ContextScore) Get(string domain)
        {
            if (!ReferenceEquals(domain, _domain) && !string.Equals(domain, _domain, StringComparison.Ordinal))
            {
                _domain = domain;
                _contextScore = weights.TryGet(domain, out _weights) ? _weights.ContextScore(context) : 0;
            }

            return (_weights, _contextScore);
        }
    }
}
