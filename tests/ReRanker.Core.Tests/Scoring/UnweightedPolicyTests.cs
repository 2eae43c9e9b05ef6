using ReRanker.Core.Features;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using static ReRanker.Core.Tests.Support.Build;

namespace ReRanker.Core.Tests.Scoring;

public class UnweightedPolicyTests
{
    [Fact]
    public void By_default_a_domain_without_weights_scores_the_product_of_its_three_scores()
    {
        var result = Reranker.Rank([Hyp("video", 0.9, 0.5, 0.4)], RequestContext.Empty, WeightSet.Empty).Single();

        result.Probability.Should().BeApproximately(0.18, 1e-12);
        result.Score.Should().BeApproximately(FeatureExtractor.Logit(0.18), 1e-12);
        result.Method.Should().Be(ScoringMethod.Unweighted);
        result.WeightsVersion.Should().BeNull();
    }

    [Fact]
    public void The_unweighted_policy_reports_a_zero_product_without_failing()
    {
        var result = Reranker.Rank([Hyp("video", 0, 0.5, 0.4)], RequestContext.Empty, WeightSet.Empty).Single();

        result.Probability.Should().Be(0);
        double.IsFinite(result.Score).Should().BeTrue();
    }

    [Fact]
    public void The_reject_policy_leaves_unweighted_domains_out_of_the_ranking()
    {
        var weights = Set(Domain("music", weights: [("logit.domainScore", 1)]));
        var list = new[] { Hyp("video", 0.99, 0.99, 0.99), Hyp("music", 0.4), Hyp("news", 0.9), Hyp("music", 0.6) };

        var results = Reranker.Rank(list, RequestContext.Empty, weights, UnweightedDomainPolicy.Reject);

        results.Select(r => r.Index).Should().Equal(3, 1);
        results.Should().OnlyContain(r => r.Method == ScoringMethod.Weights && r.WeightsVersion == 1);
    }

    [Fact]
    public void The_reject_policy_with_no_weights_at_all_gives_an_empty_ranking() =>
        Reranker.Rank([Hyp("video"), Hyp("news")], RequestContext.Empty, WeightSet.Empty, UnweightedDomainPolicy.Reject)
            .Should().BeEmpty();

    [Fact]
    public void A_mixed_list_marks_each_result_with_how_it_was_scored()
    {
        var weights = Set(Domain("music", version: 4, weights: [("logit.domainScore", 1)]), Domain("news", version: 9));
        var list = new[] { Hyp("music"), Hyp("video"), Hyp("news"), Hyp("video") };

        var byIndex = Reranker.Rank(list, RequestContext.Empty, weights).ToDictionary(r => r.Index);

        byIndex[0].WeightsVersion.Should().Be(4);
        byIndex[2].WeightsVersion.Should().Be(9);
        byIndex[1].Method.Should().Be(ScoringMethod.Unweighted);
        byIndex[3].Method.Should().Be(ScoringMethod.Unweighted);
        byIndex[1].WeightsVersion.Should().BeNull();
    }

    [Fact]
    public void Context_does_not_change_an_unweighted_score()
    {
        var context = Context(("hasScreen", ContextValue.Of(true)), ("deviceType", ContextValue.Of("tv")));

        Reranker.Rank([Hyp("video", 0.9, 0.5, 0.4)], context, WeightSet.Empty).Single().Probability
            .Should().BeApproximately(0.18, 1e-12);
    }
}
