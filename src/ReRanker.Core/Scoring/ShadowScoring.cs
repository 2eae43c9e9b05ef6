using System.Runtime.CompilerServices;
using ReRanker.Core.Features;
using ReRanker.Core.Model;

namespace ReRanker.Core.Scoring;

/// <summary>
/// The shadow part of <see cref="Reranker.RankWithShadows"/>: what the served ranking computed (feature rows, ordering
/// keys, kinds, calibrated probabilities), reused so that a candidate costs one dot product per hypothesis of its own
/// domain and one insertion sort, never a second feature extraction.
/// </summary>
internal readonly ref struct ShadowScoring(
    ReadOnlySpan<Hypothesis> list, ReadOnlySpan<double> features, ReadOnlySpan<int> group, ReadOnlySpan<double> keys,
    ReadOnlySpan<Reranker.ScoringKind> kinds, ReadOnlySpan<double> calibrated)
{
    private const int StackHypotheses = 256;

    private readonly ReadOnlySpan<Hypothesis> _list = list;
    private readonly ReadOnlySpan<double> _features = features;
    private readonly ReadOnlySpan<int> _group = group;
    private readonly ReadOnlySpan<double> _keys = keys;
    private readonly ReadOnlySpan<Reranker.ScoringKind> _kinds = kinds;
    private readonly ReadOnlySpan<double> _calibrated = calibrated;

    /// <summary>One shadow ranking per domain of the request with a candidate, in order of first appearance.</summary>
    [SkipLocalsInit]
    public static ShadowRanking[] Rank(
        in ShadowScoring served, WeightSet weights, ReadOnlySpan<KeyValuePair<string, ContextValue>> entries,
        ReadOnlySpan<int> slots, ReadOnlySpan<int> positions, int servedTop)
    {
        var count = served._kinds.Length;
        var width = FeatureCatalog.HypothesisFeatureCount;
        Span<double> candidateKeys = count <= StackHypotheses ? stackalloc double[count] : new double[count];
        Span<double> candidateReported = count <= StackHypotheses ? stackalloc double[count] : new double[count];
        var cache = new DomainCache(weights, entries, slots, positions, candidates: true);
        var domains = 0;
        for (var i = 0; i < count; i++)
        {
            var h = served._list[i];
            var (candidate, contextScore) = cache.Get(served._group[i], h.Domain);
            if (candidate is null)
            {
                candidateKeys[i] = double.NaN;
                continue;
            }

            var score = Reranker.Score(candidate, served._features.Slice(i * width, width), contextScore);
            candidateKeys[i] = FeatureExtractor.Sigmoid(score);
            candidateReported[i] = candidate.Calibration is { } calibration ? calibration.Probability(score) : candidateKeys[i];
            if (FirstOfDomain(served._list, candidateKeys, i))
            {
                domains++;
            }
        }

        if (domains == 0)
        {
            return [];
        }

        var shadows = new ShadowRanking[domains];
        Span<double> keys = count <= StackHypotheses ? stackalloc double[count] : new double[count];
        Span<Reranker.ScoringKind> kinds = count <= StackHypotheses ? stackalloc Reranker.ScoringKind[count] : new Reranker.ScoringKind[count];
        Span<int> order = count <= StackHypotheses ? stackalloc int[count] : new int[count];
        var next = 0;
        for (var first = 0; first < count && next < domains; first++)
        {
            if (double.IsNaN(candidateKeys[first]) || !FirstOfDomain(served._list, candidateKeys, first))
            {
                continue;
            }

            var domain = served._list[first].Domain;
            var kept = 0;
            for (var i = 0; i < count; i++)
            {
                var mine = !double.IsNaN(candidateKeys[i]) && string.Equals(served._list[i].Domain, domain, StringComparison.Ordinal);
                keys[i] = mine ? candidateKeys[i] : served._keys[i];
                kinds[i] = mine ? Reranker.ScoringKind.Weights : served._kinds[i];
                kept += kinds[i] == Reranker.ScoringKind.Rejected ? 0 : 1;
            }

            Reranker.OrderByProbability(keys, kinds, order[..kept]);
            weights.TryGetCandidate(domain, out var candidate);
            var servedProbability = servedTop < 0 ? 0 : served.Reported(servedTop);
            var candidateProbability = servedTop < 0 ? 0
                : string.Equals(served._list[servedTop].Domain, domain, StringComparison.Ordinal) && !double.IsNaN(candidateKeys[servedTop])
                    ? candidateReported[servedTop]
                    : servedProbability;
            shadows[next++] = new ShadowRanking(
                domain, candidate!.Version, order[..kept].ToArray(), servedTop < 0 ? null : servedTop, servedProbability, candidateProbability);
        }

        return shadows;
    }

    // The probability the served ranking reports: calibrated where the hypothesis's domain has a calibration.
    private double Reported(int index) =>
        !_calibrated.IsEmpty && !double.IsNaN(_calibrated[index]) ? _calibrated[index] : _keys[index];

    // True when no earlier hypothesis with a candidate score has the same domain.
    private static bool FirstOfDomain(ReadOnlySpan<Hypothesis> list, ReadOnlySpan<double> candidateKeys, int index)
    {
        var domain = list[index].Domain;
        for (var j = 0; j < index; j++)
        {
            if (!double.IsNaN(candidateKeys[j]) && string.Equals(list[j].Domain, domain, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
