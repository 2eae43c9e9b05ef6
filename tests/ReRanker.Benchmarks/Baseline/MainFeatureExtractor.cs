using ReRanker.Core.Features;
using ReRanker.Core.Model;

namespace ReRanker.Benchmarks.Baseline;

/// <summary>
/// A verbatim copy of FeatureExtractor as it was on main before the perf change (commit d68a6fe), kept only so that
/// one BenchmarkDotNet run can time before and after side by side on this noisy shared machine.
/// Computes the dense per-hypothesis features of one n-best list. Some features (ranks, margins) depend
/// on the whole list, so the list is the unit of work. Allocation-free: the caller owns the buffer.
/// </summary>
internal static class MainFeatureExtractor
{
    public const double ClampEpsilon = 1e-6;

    /// <summary>logit(p) with p clamped to [1e-6, 1 - 1e-6], so 0 and 1 stay finite.</summary>
    public static double Logit(double probability)
    {
        var p = Math.Clamp(probability, ClampEpsilon, 1 - ClampEpsilon);
        return Math.Log(p / (1 - p));
    }

    public static double Sigmoid(double score) =>
        score >= 0 ? 1 / (1 + Math.Exp(-score)) : Math.Exp(score) / (1 + Math.Exp(score));

    /// <summary>
    /// Fills <paramref name="features"/> (row-major, <c>hypotheses.Count × HypothesisFeatureCount</c>).
    /// </summary>
    public static void Compute(IReadOnlyList<Hypothesis> hypotheses, Span<double> features)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        var width = FeatureCatalog.HypothesisFeatureCount;
        var count = hypotheses.Count;
        if (features.Length < count * width)
        {
            throw new ArgumentException($"Need {count * width} values, got {features.Length}.", nameof(features));
        }

        // Group id of each hypothesis: the index of the first hypothesis of its domain.
        Span<int> group = count <= 256 ? stackalloc int[count] : new int[count];
        for (var i = 0; i < count; i++)
        {
            var h = hypotheses[i];
            var row = features.Slice(i * width, width);
            row[(int)HypothesisFeature.LogitDomainScore] = Logit(h.DomainScore);
            row[(int)HypothesisFeature.LogitIntentScore] = Logit(h.IntentScore);
            row[(int)HypothesisFeature.LogitSlotScore] = Logit(h.SlotScore);
            group[i] = i;
            for (var k = 0; k < i; k++)
            {
                if (string.Equals(hypotheses[k].Domain, h.Domain, StringComparison.Ordinal))
                {
                    group[i] = group[k];
                    break;
                }
            }

            FillSlotFeatures(h, row);
        }

        // O(n²) over a list of at most a few hundred, on precomputed logits: cheaper than grouping with allocations.
        for (var i = 0; i < count; i++)
        {
            var row = features.Slice(i * width, width);
            var logitDomain = row[(int)HypothesisFeature.LogitDomainScore];
            var logitIntent = row[(int)HypothesisFeature.LogitIntentScore];
            var intentRank = 0;
            var bestOtherIntent = double.NegativeInfinity;
            var domainRank = 0;
            var bestOtherDomain = double.NegativeInfinity;
            for (var j = 0; j < count; j++)
            {
                if (j == i)
                {
                    continue;
                }

                var otherRow = features.Slice(j * width, width);
                if (group[j] == group[i])
                {
                    var otherIntent = otherRow[(int)HypothesisFeature.LogitIntentScore];
                    if (otherIntent > logitIntent || (otherIntent == logitIntent && j < i))
                    {
                        intentRank++;
                    }

                    bestOtherIntent = Math.Max(bestOtherIntent, otherIntent);
                }
                else if (group[j] == j)
                {
                    // Each other domain counts once, by its first hypothesis's domainScore.
                    var otherDomain = otherRow[(int)HypothesisFeature.LogitDomainScore];
                    if (otherDomain > logitDomain || (otherDomain == logitDomain && j < i))
                    {
                        domainRank++;
                    }

                    bestOtherDomain = Math.Max(bestOtherDomain, otherDomain);
                }
            }

            row[(int)HypothesisFeature.IntentRankInDomain] = intentRank;
            row[(int)HypothesisFeature.IntentMarginInDomain] = double.IsNegativeInfinity(bestOtherIntent) ? 0 : logitIntent - bestOtherIntent;
            row[(int)HypothesisFeature.DomainRankInList] = domainRank;
            row[(int)HypothesisFeature.DomainMarginInList] = double.IsNegativeInfinity(bestOtherDomain) ? 0 : logitDomain - bestOtherDomain;
        }
    }

    private static void FillSlotFeatures(Hypothesis h, Span<double> row)
    {
        var slots = h.Slots;
        var slotCount = slots.Count;
        row[(int)HypothesisFeature.SlotCount] = slotCount;
        row[(int)HypothesisFeature.NoSlots] = slotCount == 0 ? 1 : 0;
        if (slotCount == 0)
        {
            row[(int)HypothesisFeature.MeanSlotConfidence] = 0;
            row[(int)HypothesisFeature.MinSlotConfidence] = 0;
            return;
        }

        double sum = 0, min = double.PositiveInfinity;
        for (var s = 0; s < slotCount; s++)
        {
            var confidence = slots[s].Confidence ?? h.SlotScore;
            sum += confidence;
            min = Math.Min(min, confidence);
        }

        row[(int)HypothesisFeature.MeanSlotConfidence] = sum / slotCount;
        row[(int)HypothesisFeature.MinSlotConfidence] = min;
    }
}
