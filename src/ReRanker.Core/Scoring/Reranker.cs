using System.Buffers;
using System.Runtime.CompilerServices;
using ReRanker.Core.Features;
using ReRanker.Core.Model;

namespace ReRanker.Core.Scoring;

/// <summary>
/// Scores and ranks one n-best list. Score = bias + Σ weight × feature; ranked by sigmoid(score) (the default policy's
/// product for a domain without weights), ties by input order, so the ranking is deterministic. The reported
/// probability is that, or the domain's calibration of the score when its file carries one (Platt or isotonic):
/// calibration changes the probability, never the order.
/// The only allocation is the result array, for lists of up to 146 hypotheses and 64 context entries given as an
/// array or List: scratch space lives on the stack (feature rows in a pooled array above 2048 values; other scratch
/// arrays, and a copy of any other list type, are allocated beyond those sizes).
/// Only the features some domain of the weight set uses are computed (<see cref="WeightSet.UsedFeatures"/>).
/// </summary>
public static class Reranker
{
    private const int StackLimit = 2048;
    private const int StackHypotheses = 256;

    public static ScoredHypothesis[] Rank(
        IReadOnlyList<Hypothesis> hypotheses,
        RequestContext context,
        WeightSet weights,
        UnweightedDomainPolicy policy = UnweightedDomainPolicy.Unweighted) =>
        Rank(hypotheses, context, weights, policy, shadow: false, out _);

    /// <summary>
    /// <see cref="Rank(IReadOnlyList{Hypothesis}, RequestContext, WeightSet, UnweightedDomainPolicy)"/>, plus one
    /// <see cref="ShadowRanking"/> per domain of the request that holds a candidate in <paramref name="weights"/>, in
    /// order of first appearance (empty, and nothing allocated, when none does). The served ranking is the same, bit for
    /// bit. A shadow reuses the served ranking's feature rows and scores: only the candidate domain's hypotheses are
    /// scored again (ShadowRanking.cs).
    /// </summary>
    public static ScoredHypothesis[] RankWithShadows(
        IReadOnlyList<Hypothesis> hypotheses,
        RequestContext context,
        WeightSet weights,
        UnweightedDomainPolicy policy,
        out ShadowRanking[] shadows) =>
        Rank(hypotheses, context, weights, policy, shadow: true, out shadows);

    // Feature rows are not zeroed: Compute writes every feature the weights use, and Score reads only those.
    [SkipLocalsInit]
    private static ScoredHypothesis[] Rank(
        IReadOnlyList<Hypothesis> hypotheses,
        RequestContext context,
        WeightSet weights,
        UnweightedDomainPolicy policy,
        bool shadow,
        out ShadowRanking[] shadows)
    {
        shadows = [];
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
            // A calibrated probability per hypothesis, NaN where its domain has no calibration; only filled when some domain has one.
            var hasCalibration = weights.HasCalibration;
            Span<double> calibrated = count <= StackHypotheses ? stackalloc double[count] : new double[count];
            if (hasCalibration)
            {
                calibrated.Fill(double.NaN);
            }

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
                    if (hasCalibration && domainWeights.Calibration is { } calibration)
                    {
                        calibrated[i] = calibration.Probability(scores[i]);
                    }

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
            OrderByProbability(probabilities, kinds, order[..kept]);
            if (shadow && weights.CandidateCount > 0)
            {
                var scoring = new ShadowScoring(list, features, group, probabilities, kinds, hasCalibration ? calibrated : default);
                shadows = ShadowScoring.Rank(scoring, weights, entries, contextSlots[..resolved], contextPositions[..resolved], kept > 0 ? order[0] : -1);
            }
            if (hasCalibration)
            {
                // After the order is fixed: a calibration changes the reported probability, never the ranking.
                ReportCalibrated(calibrated, probabilities);
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
    internal static void OrderByProbability(ReadOnlySpan<double> probabilities, ReadOnlySpan<ScoringKind> kinds, Span<int> order)
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

    /// <summary>Replaces sigmoid(score) by the calibrated probability wherever the hypothesis's domain has one.</summary>
    private static void ReportCalibrated(ReadOnlySpan<double> calibrated, Span<double> probabilities)
    {
        for (var i = 0; i < calibrated.Length; i++)
        {
            if (!double.IsNaN(calibrated[i]))
            {
                probabilities[i] = calibrated[i];
            }
        }
    }

    internal enum ScoringKind : byte
    {
        Weights,
        Unweighted,
        Rejected,
    }
}
