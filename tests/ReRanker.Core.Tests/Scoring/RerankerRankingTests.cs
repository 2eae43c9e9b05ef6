using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Tests.Support;
using static ReRanker.Core.Tests.Support.Build;

namespace ReRanker.Core.Tests.Scoring;

public class RerankerRankingTests
{
    // With only logit.domainScore at weight 1 and no bias, probability = sigmoid(logit(domainScore)) = domainScore.
    private static readonly WeightSet Identity = Set(Domain("music", weights: [("logit.domainScore", 1)]));

    [Fact]
    public void Results_are_ordered_by_probability_best_first()
    {
        var list = new[] { Hyp("music", 0.2), Hyp("music", 0.9), Hyp("music", 0.5) };

        var results = Reranker.Rank(list, RequestContext.Empty, Identity);

        results.Select(r => r.Index).Should().Equal(1, 2, 0);
        results.Select(r => r.Probability).Should().BeInDescendingOrder();
        results[0].Probability.Should().BeApproximately(0.9, 1e-12);
    }

    [Fact]
    public void Equal_probabilities_keep_their_input_order()
    {
        var list = new[] { Hyp("music", 0.3), Hyp("music", 0.7), Hyp("music", 0.3), Hyp("music", 0.7) };

        var results = Reranker.Rank(list, RequestContext.Empty, Identity);

        results.Select(r => r.Index).Should().Equal(1, 3, 0, 2);
    }

    [Fact]
    public void Ranking_is_by_probability_across_weighted_and_unweighted_domains()
    {
        var weights = Set(Domain("music", version: 3, weights: [("logit.domainScore", 1)]));
        var list = new[] { Hyp("music", domainScore: 0.6, intentScore: 0.1), Hyp("video", 0.9, 0.9, 0.9) };

        var results = Reranker.Rank(list, RequestContext.Empty, weights);

        // video unweighted: 0.9³ = 0.729 beats music's learned 0.6.
        results.Select(r => r.Index).Should().Equal(1, 0);
        results[0].Should().BeEquivalentTo(new { Method = ScoringMethod.Unweighted, WeightsVersion = (int?)null });
        results[0].Probability.Should().BeApproximately(0.729, 1e-12);
        results[1].Should().BeEquivalentTo(new { Method = ScoringMethod.Weights, WeightsVersion = (int?)3 });
        results[1].Probability.Should().BeApproximately(0.6, 1e-12);
    }

    [Fact]
    public void Repeated_calls_give_identical_results()
    {
        var list = RandomLists.Make(new Random(7), 40, domains: 6);
        var weights = Set(Domain("d0", 0.1, 1, ("logit.intentScore", 0.8)), Domain("d1", -0.2, 2, ("list.domainMargin", 0.5)));

        var first = Reranker.Rank(list, RequestContext.Empty, weights);

        for (var i = 0; i < 20; i++)
        {
            Reranker.Rank(list, RequestContext.Empty, weights).Should().Equal(first);
        }
    }

    [Fact]
    public void An_empty_list_gives_an_empty_result()
    {
        Reranker.Rank([], RequestContext.Empty, Identity).Should().BeEmpty();
        Reranker.Rank([], RequestContext.Empty, Identity, UnweightedDomainPolicy.Reject).Should().BeEmpty();
    }

    [Fact]
    public void Every_input_hypothesis_appears_exactly_once()
    {
        var list = RandomLists.Make(new Random(3), 15, domains: 4);

        Reranker.Rank(list, RequestContext.Empty, Identity).Select(r => r.Index)
            .Should().BeEquivalentTo(Enumerable.Range(0, 15));
    }
}
