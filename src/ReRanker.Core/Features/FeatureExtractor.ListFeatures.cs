namespace ReRanker.Core.Features;

public static partial class FeatureExtractor
{
    /// <summary>
    /// Ranks and margins compare a hypothesis with every other (product), the others of its group (intent)
    /// and the other groups' leaders (domain). Max and the rank predicates do not depend on the order of visits.
    /// Maxima use a plain comparison, not Math.Max: logits and logs of clamped values are never NaN or −0,
    /// the only inputs where the two differ, and Math.Max's extra checks were a measurable part of this pass.
    /// </summary>
    private static void FillListFeatures(
        Span<double> features, int count, Plan plan, ReadOnlySpan<int> group, ReadOnlySpan<int> next, ReadOnlySpan<int> leaders, ReadOnlySpan<double> leaderLogits)
    {
        var width = FeatureCatalog.HypothesisFeatureCount;
        if (plan.DomainList)
        {
            FillLeadersDomainRankAndMargin(features, leaders, leaderLogits);
        }

        for (var i = 0; i < count; i++)
        {
            var row = features.Slice(i * width, width);
            if (plan.ProductList)
            {
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
                        bestOtherProduct = otherProduct > bestOtherProduct ? otherProduct : bestOtherProduct;
                    }
                }

                row[(int)HypothesisFeature.ProductRankInList] = productRank;
                row[(int)HypothesisFeature.ProductMarginInList] = double.IsNegativeInfinity(bestOtherProduct) ? 0 : logProduct - bestOtherProduct;
            }

            if (plan.IntentList)
            {
                var logitIntent = row[(int)HypothesisFeature.LogitIntentScore];
                var intentRank = 0;
                var bestOtherIntent = double.NegativeInfinity;
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

                    bestOtherIntent = otherIntent > bestOtherIntent ? otherIntent : bestOtherIntent;
                }

                row[(int)HypothesisFeature.IntentRankInDomain] = intentRank;
                row[(int)HypothesisFeature.IntentMarginInDomain] = double.IsNegativeInfinity(bestOtherIntent) ? 0 : logitIntent - bestOtherIntent;
            }

            if (plan.DomainList && group[i] != i)
            {
                var leaderRow = features.Slice(group[i] * width, width);
                if (leaderRow[(int)HypothesisFeature.LogitDomainScore] == row[(int)HypothesisFeature.LogitDomainScore])
                {
                    // Same domain, same domainScore as its leader (the usual case): same rank and margin.
                    row[(int)HypothesisFeature.DomainRankInList] = leaderRow[(int)HypothesisFeature.DomainRankInList];
                    row[(int)HypothesisFeature.DomainMarginInList] = leaderRow[(int)HypothesisFeature.DomainMarginInList];
                }
                else
                {
                    FillDomainRankAndMargin(row, group[i], leaders, leaderLogits);
                }
            }
        }
    }

    /// <summary>
    /// The domain rank and margin of every leader at once: each pair of leaders compared once (the earlier one
    /// wins a tie), and the best other domain is the best overall except for the best itself, which gets the
    /// second best. Gives the same values as <see cref="FillDomainRankAndMargin"/> per leader, in half the comparisons.
    /// </summary>
    private static void FillLeadersDomainRankAndMargin(Span<double> features, ReadOnlySpan<int> leaders, ReadOnlySpan<double> leaderLogits)
    {
        var width = FeatureCatalog.HypothesisFeatureCount;
        const int rankAt = (int)HypothesisFeature.DomainRankInList;
        var best = double.NegativeInfinity;
        var bestAt = -1;
        for (var l = 0; l < leaders.Length; l++)
        {
            features[(leaders[l] * width) + rankAt] = 0;
            if (leaderLogits[l] > best)
            {
                best = leaderLogits[l];
                bestAt = l;
            }
        }

        var secondBest = double.NegativeInfinity;
        for (var l = 0; l < leaders.Length; l++)
        {
            if (l != bestAt && leaderLogits[l] > secondBest)
            {
                secondBest = leaderLogits[l];
            }

            for (var m = l + 1; m < leaders.Length; m++)
            {
                // From m's side, l counts when greater or tied (l comes first); from l's side, m counts only when greater.
                features[((leaderLogits[l] >= leaderLogits[m] ? leaders[m] : leaders[l]) * width) + rankAt]++;
            }
        }

        for (var l = 0; l < leaders.Length; l++)
        {
            var bestOther = l == bestAt ? secondBest : best;
            features[(leaders[l] * width) + (int)HypothesisFeature.DomainMarginInList] =
                double.IsNegativeInfinity(bestOther) ? 0 : leaderLogits[l] - bestOther;
        }
    }

    /// <summary>
    /// Each other domain counts once, by its first hypothesis's domainScore. Ties go to the domain that appears
    /// first (compare first indexes), so every hypothesis of a domain gets the same rank.
    /// </summary>
    private static void FillDomainRankAndMargin(Span<double> row, int ownLeader, ReadOnlySpan<int> leaders, ReadOnlySpan<double> leaderLogits)
    {
        var logitDomain = row[(int)HypothesisFeature.LogitDomainScore];
        var domainRank = 0;
        var bestOtherDomain = double.NegativeInfinity;
        for (var l = 0; l < leaders.Length; l++)
        {
            var j = leaders[l];
            if (j == ownLeader)
            {
                continue;
            }

            var otherDomain = leaderLogits[l];
            if (otherDomain > logitDomain || (otherDomain == logitDomain && j < ownLeader))
            {
                domainRank++;
            }

            bestOtherDomain = otherDomain > bestOtherDomain ? otherDomain : bestOtherDomain;
        }

        row[(int)HypothesisFeature.DomainRankInList] = domainRank;
        row[(int)HypothesisFeature.DomainMarginInList] = double.IsNegativeInfinity(bestOtherDomain) ? 0 : logitDomain - bestOtherDomain;
    }
}
