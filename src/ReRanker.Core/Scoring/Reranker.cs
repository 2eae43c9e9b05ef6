using System.Buffers;
using System.Runtime.CompilerServices;
using ReRanker.Core.Features;
using ReRanker.Core.Model;

namespace ReRanker.Core.Scoring;

/// <summary>
/// Scores and ranks one n-best list. Score = bias + Σ weight × feature, probability = sigmoid(score), or the
/// domain's isotonic calibration of the score when its file carries one; ranked by probability, ties by input
/// order (by score, then input order, when some domain is calibrated), so the ranking is deterministic.
/// The only allocation is the result array, for lists of up to 146 hypotheses and 64 context entries given as an
/// array or List: scratch space lives on the stack (feature rows in a pooled array above 2048 values; other scratch
/// arrays, and a copy of any other list type, are allocated beyond those sizes).
/// Only the features some domain of the weight set uses are computed (<see cref="WeightSet.UsedFeatures"/>).
/// </summary>
public static class Reranker
{
    private const int StackLimit = 2048;
    private const int StackHypotheses = 256;

    // Feature rows are not zeroed: Compute writes every feature the weights use, and Score reads only those.
    [SkipLocalsInit]
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
            var list = ListSpan.Of(hypotheses);
            Span<int> group = count <= StackHypotheses ? stackalloc int[count] : new int[count];
            FeatureExtractor.Compute(list, features, weights.UsedFeatures, group);
            var entries = context.Span;
            Span<int> contextSlots = entries.Length <= 64 ? stackalloc int[entries.Length] : new int[entries.Length];
            Span<int> contextPositions = entries.Length <= 64 ? stackalloc int[entries.Length] : new int[entries.Length];
            var resolved = weights.Context.Resolve(entries, contextSlots, contextPositions);
            var cache = new DomainCache(weights, entries, contextSlots[..resolved], contextPositions[..resolved]);
            Span<double> scores = count <= StackHypotheses ? stackalloc double[count] : new double[count];
            Span<double> probabilities = count <= StackHypotheses ? stackalloc double[count] : new double[count];
            Span<int> versions = count <= StackHypotheses ? stackalloc int[count] : new int[count];
            Span<ScoringKind> kinds = count <= StackHypotheses ? stackalloc ScoringKind[count] : new ScoringKind[count];
            var kept = 0;
            for (var i = 0; i < count; i++)
            {
                var h = list[i];
                var (domainWeights, contextScore) = cache.Get(group[i], h.Domain);
                if (domainWeights is not null)
                {
                    scores[i] = Score(domainWeights, features.Slice(i * width, width), contextScore);
                    versions[i] = domainWeights.Version;
                    kinds[i] = ScoringKind.Weights;
                    kept++;
                }
                else if (policy == UnweightedDomainPolicy.Unweighted)
                {
                    probabilities[i] = h.DomainScore * h.IntentScore * h.SlotScore;
                    scores[i] = FeatureExtractor.Logit(probabilities[i]);
                    kinds[i] = ScoringKind.Unweighted;
                    kept++;
                }
                else
                {
                    kinds[i] = ScoringKind.Rejected;
                }
            }

            // The sigmoids back to back, like the extractor's logarithms: no other work between the calls.
            for (var i = 0; i < count; i++)
            {
                if (kinds[i] == ScoringKind.Weights)
                {
                    probabilities[i] = FeatureExtractor.Sigmoid(scores[i]);
                }
            }

            Span<int> order = count <= StackHypotheses ? stackalloc int[count] : new int[count];
            if (weights.HasCalibration)
            {
                // Only weight sets with a calibrated domain pay for this; without one, ranking is as before.
                Calibrate(list, weights, scores, probabilities, kinds);
                OrderByProbabilityThenScore(probabilities, scores, kinds, order[..kept]);
            }
            else
            {
                OrderByProbability(probabilities, kinds, order[..kept]);
            }
            var results = new ScoredHypothesis[kept];
            for (var r = 0; r < kept; r++)
            {
                var i = order[r];
                results[r] = kinds[i] == ScoringKind.Weights
                    ? new ScoredHypothesis(i, scores[i], probabilities[i], ScoringMethod.Weights, versions[i])
                    : new ScoredHypothesis(i, scores[i], probabilities[i], ScoringMethod.Unweighted, null);
            }

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

    /// <summary>
    /// bias + context score + Σ weight × feature for one feature row, over the features with a weight in feature
    /// order (a zero weight times a finite feature adds nothing), so only those need computing.
    /// </summary>
    public static double Score(DomainWeights weights, ReadOnlySpan<double> row, double contextScore)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var features = weights.ActiveFeatures;
        var active = weights.ActiveWeights;
        var score = weights.Bias + contextScore;
        for (var k = 0; k < features.Length; k++)
        {
            score += active[k] * row[features[k]];
        }

        return score;
    }

    /// <summary>
    /// The kept hypotheses' input indexes, best first. Insertion sort: stable (ties keep input order),
    /// allocation-free, and fastest for n-best sizes; it moves indexes, so each result is written once.
    /// </summary>
    private static void OrderByProbability(ReadOnlySpan<double> probabilities, ReadOnlySpan<ScoringKind> kinds, Span<int> order)
    {
        var n = 0;
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] == ScoringKind.Rejected)
            {
                continue;
            }

            var probability = probabilities[i];
            var j = n - 1;
            while (j >= 0 && probabilities[order[j]] < probability)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = i;
            n++;
        }
    }

    /// <summary>Replaces sigmoid(score) by the domain's isotonic map for every hypothesis whose file carries one.</summary>
    private static void Calibrate(ReadOnlySpan<Hypothesis> list, WeightSet weights, ReadOnlySpan<double> scores, Span<double> probabilities, ReadOnlySpan<ScoringKind> kinds)
    {
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] == ScoringKind.Weights && weights.TryGet(list[i].Domain, out var domainWeights) && domainWeights.Calibration is { } calibration)
            {
                probabilities[i] = calibration.Probability(scores[i]);
            }
        }
    }

    /// <summary>
    /// As <see cref="OrderByProbability"/>, but equal probabilities are ranked by score, then input order. An isotonic
    /// map is flat inside a bin, so it gives many hypotheses the same probability; their scores keep the order the
    /// weights gave them (the map never reverses it), and across domains the higher score wins.
    /// </summary>
    private static void OrderByProbabilityThenScore(ReadOnlySpan<double> probabilities, ReadOnlySpan<double> scores, ReadOnlySpan<ScoringKind> kinds, Span<int> order)
    {
        var n = 0;
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] == ScoringKind.Rejected)
            {
                continue;
            }

            double probability = probabilities[i], score = scores[i];
            var j = n - 1;
            while (j >= 0 && (probabilities[order[j]] < probability || (probabilities[order[j]] == probability && scores[order[j]] < score)))
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = i;
            n++;
        }
    }

    private enum ScoringKind : byte
    {
        Weights,
        Unweighted,
        Rejected,
    }
}
