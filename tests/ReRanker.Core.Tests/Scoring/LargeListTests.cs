using ReRanker.Core.Features;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Tests.Support;
using static ReRanker.Core.Tests.Support.Build;

namespace ReRanker.Core.Tests.Scoring;

/// <summary>
/// Lists above the stack limit go through a pooled buffer (and the pool hands back dirty arrays):
/// they must rank exactly as a plain reference does.
/// </summary>
public class LargeListTests
{
    private const int Domains = 30;

    [Theory]
    [InlineData(300)]
    [InlineData(1000)]
    public void A_large_list_ranks_as_each_hypothesis_scored_in_a_list_of_its_own(int count)
    {
        // Only list-independent features, so a one-hypothesis list is a valid reference for each score.
        var weights = new WeightSet(Enumerable.Range(0, Domains).Select(d => Domain($"d{d}", 0.1 * d, 1,
            ("logit.domainScore", 1.1), ("logit.intentScore", 0.7 - (0.05 * d)), ("slots.meanConfidence", 0.3), ("slots.none", -0.2))));
        var list = RandomLists.Make(new Random(count), count, Domains);

        var results = Reranker.Rank(list, RequestContext.Empty, weights);

        var alone = list.Select(h => Reranker.Rank([h], RequestContext.Empty, weights).Single().Probability).ToArray();
        var expectedOrder = Enumerable.Range(0, count).OrderByDescending(i => alone[i]).ToArray(); // LINQ sort is stable
        results.Select(r => r.Index).Should().Equal(expectedOrder);
        results.Select(r => r.Probability).Should().Equal(expectedOrder.Select(i => alone[i]));
    }

    [Fact]
    public void A_large_list_using_list_wide_features_matches_a_reference_scoring_even_after_pool_reuse()
    {
        var random = new Random(11);
        var weights = new WeightSet(Enumerable.Range(0, Domains).Select(d => Domain($"d{d}", random.NextDouble() - 0.5, 1,
            FeatureCatalog.HypothesisFeatureNames.Select(n => (n, random.NextDouble() - 0.5)).ToArray())));

        // Dirty the pool with a bigger list first, then rank a smaller one.
        Reranker.Rank(RandomLists.Make(random, 700, Domains), RequestContext.Empty, weights);
        var list = RandomLists.Make(random, 300, Domains);

        var results = Reranker.Rank(list, RequestContext.Empty, weights);

        var rows = Rows(list);
        var scores = list.Select((h, i) =>
        {
            weights.TryGet(h.Domain, out var w).Should().BeTrue();
            return Reranker.Score(w!, rows[i], 0);
        }).ToArray();
        var expectedOrder = Enumerable.Range(0, list.Length).OrderByDescending(i => FeatureExtractor.Sigmoid(scores[i])).ToArray();
        results.Select(r => r.Index).Should().Equal(expectedOrder);
        results.Select(r => r.Score).Should().Equal(expectedOrder.Select(i => scores[i]));
    }
}
