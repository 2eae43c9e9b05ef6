using ReRanker.Core.Features;
using static ReRanker.Core.Tests.Support.Build;

namespace ReRanker.Core.Tests.Features;

public class FeatureExtractorRankTests
{
    private const int IntentRank = (int)HypothesisFeature.IntentRankInDomain;
    private const int IntentMargin = (int)HypothesisFeature.IntentMarginInDomain;
    private const int DomainRank = (int)HypothesisFeature.DomainRankInList;
    private const int DomainMargin = (int)HypothesisFeature.DomainMarginInList;

    [Fact]
    public void Intent_rank_and_margin_compare_only_hypotheses_of_the_same_domain()
    {
        var rows = Rows(
            Hyp("music", intentScore: 0.2),
            Hyp("video", intentScore: 0.99), // another domain: must not affect music's ranks
            Hyp("music", intentScore: 0.8));

        rows[0][IntentRank].Should().Be(1);
        rows[2][IntentRank].Should().Be(0);
        rows[1][IntentRank].Should().Be(0);
        rows[2][IntentMargin].Should().BeApproximately(FeatureExtractor.Logit(0.8) - FeatureExtractor.Logit(0.2), 1e-12);
        rows[0][IntentMargin].Should().BeApproximately(FeatureExtractor.Logit(0.2) - FeatureExtractor.Logit(0.8), 1e-12);
    }

    [Fact]
    public void Equal_intent_scores_are_ranked_by_input_order_with_zero_margin()
    {
        var rows = Rows(Hyp("music", intentScore: 0.6), Hyp("music", intentScore: 0.6), Hyp("music", intentScore: 0.6));

        rows.Select(r => r[IntentRank]).Should().Equal(0, 1, 2);
        rows.Select(r => r[IntentMargin]).Should().AllBeEquivalentTo(0.0);
    }

    [Fact]
    public void A_hypothesis_alone_in_its_domain_has_rank_zero_and_margin_zero()
    {
        var row = Rows(Hyp("music", intentScore: 0.3), Hyp("video", intentScore: 0.9))[0];

        row[IntentRank].Should().Be(0);
        row[IntentMargin].Should().Be(0);
    }

    [Fact]
    public void Domain_rank_counts_each_other_domain_once_however_many_hypotheses_it_has()
    {
        var rows = Rows(
            Hyp("video", domainScore: 0.9), Hyp("video", domainScore: 0.9), Hyp("video", domainScore: 0.9),
            Hyp("music", domainScore: 0.7), Hyp("music", domainScore: 0.7),
            Hyp("news", domainScore: 0.4));

        rows.Select(r => r[DomainRank]).Should().Equal(0, 0, 0, 1, 1, 2);
    }

    [Fact]
    public void Domain_margin_is_the_logit_gap_to_the_best_other_domain()
    {
        var rows = Rows(Hyp("video", domainScore: 0.9), Hyp("music", domainScore: 0.7), Hyp("music", domainScore: 0.7), Hyp("news", domainScore: 0.4));

        rows[0][DomainMargin].Should().BeApproximately(FeatureExtractor.Logit(0.9) - FeatureExtractor.Logit(0.7), 1e-12);
        rows[1][DomainMargin].Should().BeApproximately(FeatureExtractor.Logit(0.7) - FeatureExtractor.Logit(0.9), 1e-12);
        rows[2][DomainMargin].Should().Be(rows[1][DomainMargin]);
        rows[3][DomainMargin].Should().BeApproximately(FeatureExtractor.Logit(0.4) - FeatureExtractor.Logit(0.9), 1e-12);
    }

    [Fact]
    public void Equal_domain_scores_rank_domains_by_first_appearance_and_all_of_a_domain_share_its_rank()
    {
        // music appears first, so it wins the tie; its later hypothesis (after news) keeps rank 0.
        var rows = Rows(Hyp("music", domainScore: 0.5), Hyp("news", domainScore: 0.5), Hyp("music", domainScore: 0.5));

        rows.Select(r => r[DomainRank]).Should().Equal(0, 1, 0);
        rows.Select(r => r[DomainMargin]).Should().AllBeEquivalentTo(0.0);
    }

    [Fact]
    public void A_list_with_a_single_domain_has_domain_rank_and_margin_zero()
    {
        var rows = Rows(Hyp("music", domainScore: 0.3), Hyp("music", domainScore: 0.3));

        rows.Select(r => r[DomainRank]).Should().Equal(0, 0);
        rows.Select(r => r[DomainMargin]).Should().Equal(0, 0);
    }

    [Fact]
    public void Scores_equal_after_clamping_tie_like_equal_scores()
    {
        // 1 and 1 - 1e-9 both clamp to 1 - 1e-6: the extractor compares clamped logits.
        var rows = Rows(Hyp("music", intentScore: 1 - 1e-9), Hyp("music", intentScore: 1));

        rows.Select(r => r[IntentRank]).Should().Equal(0, 1);
    }

    [Fact]
    public void A_buffer_too_small_for_the_list_is_refused()
    {
        var act = () => FeatureExtractor.Compute([Hyp("music"), Hyp("video")], new double[FeatureCatalog.HypothesisFeatureCount]);

        act.Should().Throw<ArgumentException>().WithParameterName("features");
    }
}
