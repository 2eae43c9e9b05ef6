using ReRanker.Core.Model;

namespace ReRanker.Core.Features;

/// <summary>
/// Computes the dense per-hypothesis features of one n-best list. Some features (ranks, margins) depend
/// on the whole list, so the list is the unit of work. The caller owns the buffer; allocation-free up to 256 hypotheses.
/// </summary>
public static class FeatureExtractor
{
    public const double ClampEpsilon = 1e-6;

    /// <summary>logit(p) with p clamped to [1e-6, 1 - 1e-6], so 0 and 1 stay finite.</summary>
    public static double Logit(double probability)
    {
        var p = Math.Clamp(probability, ClampEpsilon, 1 - ClampEpsilon);
        return Math.Log(p / (1 - p));
    }

    /// <summary>log(p) with p clamped to [1e-6, 1], so 0 stays finite.</summary>
    public static double LogClamped(double probability) => Math.Log(Math.Clamp(probability, ClampEpsilon, 1));

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

        // Group id of each hypothesis: the index of the first hypothesis of its domain (its leader).
        // Lists usually come grouped by domain, so the previous hypothesis is tried first; otherwise only
        // the leaders before it are compared, since the first match is always a leader.
        Span<int> group = count <= 256 ? stackalloc int[count] : new int[count];
        Span<int> leaders = count <= 256 ? stackalloc int[count] : new int[count];
        Span<int> last = count <= 256 ? stackalloc int[count] : new int[count];
        Span<int> next = count <= 256 ? stackalloc int[count] : new int[count];
        var leaderCount = 0;
        for (var i = 0; i < count; i++)
        {
            var h = hypotheses[i];
            if (!HasValidConfidences(h))
            {
                // A NaN or out-of-range confidence would silently poison every score and the ranking.
                throw new ArgumentOutOfRangeException(
                    nameof(hypotheses), $"hypotheses[{i}]: domainScore, intentScore, slotScore and slot confidences must be within [0, 1].");
            }

            var row = features.Slice(i * width, width);
            row[(int)HypothesisFeature.LogitDomainScore] = Logit(h.DomainScore);
            row[(int)HypothesisFeature.LogitIntentScore] = Logit(h.IntentScore);
            row[(int)HypothesisFeature.LogitSlotScore] = Logit(h.SlotScore);
            row[(int)HypothesisFeature.LogProduct] = LogClamped(h.DomainScore) + LogClamped(h.IntentScore) + LogClamped(h.SlotScore);
            group[i] = FindGroup(hypotheses, i, h.Domain, group, leaders[..leaderCount]);
            next[i] = -1;
            if (group[i] == i)
            {
                leaders[leaderCount++] = i;
            }
            else
            {
                // Members of a group are chained in input order: next[] links each to the following one.
                next[last[group[i]]] = i;
            }

            last[group[i]] = i;

            FillSlotFeatures(h, row);
        }

        // Ranks and margins compare a hypothesis with every other (product), the others of its group (intent)
        // and the other groups' leaders (domain). Max and the rank predicates do not depend on the order of visits.
        for (var i = 0; i < count; i++)
        {
            var row = features.Slice(i * width, width);
            var logitDomain = row[(int)HypothesisFeature.LogitDomainScore];
            var logitIntent = row[(int)HypothesisFeature.LogitIntentScore];
            var intentRank = 0;
            var bestOtherIntent = double.NegativeInfinity;
            var domainRank = 0;
            var bestOtherDomain = double.NegativeInfinity;
            var logProduct = row[(int)HypothesisFeature.LogProduct];
            var productRank = 0;
            var bestOtherProduct = double.NegativeInfinity;
            for (var j = 0; j < count; j++)
            {
                if (j == i)
                {
                    continue;
                }

                var otherProduct = features[(j * width) + (int)HypothesisFeature.LogProduct];
                if (otherProduct > logProduct || (otherProduct == logProduct && j < i))
                {
                    productRank++;
                }

                if (group[j] != group[i])
                {
                    bestOtherProduct = Math.Max(bestOtherProduct, otherProduct);
                }
            }

            for (var j = group[i]; j >= 0; j = next[j])
            {
                if (j == i)
                {
                    continue;
                }

                var otherIntent = features[(j * width) + (int)HypothesisFeature.LogitIntentScore];
                if (otherIntent > logitIntent || (otherIntent == logitIntent && j < i))
                {
                    intentRank++;
                }

                bestOtherIntent = Math.Max(bestOtherIntent, otherIntent);
            }

            for (var l = 0; l < leaderCount; l++)
            {
                var j = leaders[l];
                if (j == group[i])
                {
                    continue;
                }

                // Each other domain counts once, by its first hypothesis's domainScore. Ties go to the
                // domain that appears first (compare first indexes), so every hypothesis of a domain gets the same rank.
                var otherDomain = features[(j * width) + (int)HypothesisFeature.LogitDomainScore];
                if (otherDomain > logitDomain || (otherDomain == logitDomain && j < group[i]))
                {
                    domainRank++;
                }

                bestOtherDomain = Math.Max(bestOtherDomain, otherDomain);
            }

            row[(int)HypothesisFeature.IntentRankInDomain] = intentRank;
            row[(int)HypothesisFeature.IntentMarginInDomain] = double.IsNegativeInfinity(bestOtherIntent) ? 0 : logitIntent - bestOtherIntent;
            row[(int)HypothesisFeature.DomainRankInList] = domainRank;
            row[(int)HypothesisFeature.DomainMarginInList] = double.IsNegativeInfinity(bestOtherDomain) ? 0 : logitDomain - bestOtherDomain;
            row[(int)HypothesisFeature.ProductRankInList] = productRank;
            row[(int)HypothesisFeature.ProductMarginInList] = double.IsNegativeInfinity(bestOtherProduct) ? 0 : logProduct - bestOtherProduct;
        }
    }

    private static int FindGroup(IReadOnlyList<Hypothesis> hypotheses, int index, string domain, ReadOnlySpan<int> group, ReadOnlySpan<int> leaders)
    {
        if (index > 0 && string.Equals(hypotheses[index - 1].Domain, domain, StringComparison.Ordinal))
        {
            return group[index - 1];
        }

        foreach (var leader in leaders)
        {
            if (string.Equals(hypotheses[leader].Domain, domain, StringComparison.Ordinal))
            {
                return leader;
            }
        }

        return index;
    }

    private static bool HasValidConfidences(Hypothesis h)
    {
        if (!(h.DomainScore is >= 0 and <= 1 && h.IntentScore is >= 0 and <= 1 && h.SlotScore is >= 0 and <= 1))
        {
            return false;
        }

        for (var s = 0; s < h.Slots.Count; s++)
        {
            if (h.Slots[s].Confidence is { } c && c is not (>= 0 and <= 1))
            {
                return false;
            }
        }

        return true;
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
