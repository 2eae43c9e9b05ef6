using ReRanker.Core.Features;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using static ReRanker.Core.Tests.Support.Build;

namespace ReRanker.Core.Tests.Scoring;

public class RerankerScoreTests
{
    [Fact]
    public void Score_is_bias_plus_the_weighted_sum_of_features_computed_by_hand()
    {
        var weights = Set(Domain("music", bias: 0.5, version: 3,
            ("logit.domainScore", 2), ("logit.intentScore", -1), ("slots.count", 0.25)));
        var h = Hyp("music", domainScore: 0.8, intentScore: 0.2, slotScore: 0.9, slots: [Slot("a", "x"), Slot("b", "y")]);

        var result = Reranker.Rank([h], RequestContext.Empty, weights).Single();

        // 0.5 + 2·logit(0.8) − 1·logit(0.2) + 0.25·2 = 0.5 + 2 ln 4 + ln 4 + 0.5 = 1 + 3 ln 4.
        result.Score.Should().BeApproximately(1 + (3 * Math.Log(4)), 1e-12);
        result.Probability.Should().BeApproximately(1 / (1 + Math.Exp(-(1 + (3 * Math.Log(4))))), 1e-12);
        result.Method.Should().Be(ScoringMethod.Weights);
        result.WeightsVersion.Should().Be(3);
        result.Index.Should().Be(0);
    }

    [Fact]
    public void Probability_is_the_sigmoid_of_the_score_for_every_hypothesis()
    {
        var weights = Set(Domain("music", bias: -0.3, weights: [("logit.domainScore", 1.7), ("domain.intentRank", -0.4), ("slots.none", 0.2)]));
        var list = new[] { Hyp("music", 0.9, 0.1), Hyp("music", 0.9, 0.6), Hyp("music", 0.9, 0.3) };

        foreach (var result in Reranker.Rank(list, RequestContext.Empty, weights))
        {
            result.Probability.Should().BeApproximately(FeatureExtractor.Sigmoid(result.Score), 1e-15);
        }
    }

    [Fact]
    public void A_string_context_entry_adds_the_weight_of_its_key_equals_value_indicator()
    {
        var weights = Set(Domain("music", weights: [("context.deviceType=speaker", 1.5)]));

        ScoreWith(weights, ("deviceType", ContextValue.Of("speaker"))).Should().Be(1.5);
        ScoreWith(weights, ("deviceType", ContextValue.Of("phone"))).Should().Be(0);
    }

    [Fact]
    public void A_boolean_context_entry_counts_as_one_when_true_and_zero_when_false()
    {
        var weights = Set(Domain("music", weights: [("context.hasScreen", 0.7)]));

        ScoreWith(weights, ("hasScreen", ContextValue.Of(true))).Should().Be(0.7);
        ScoreWith(weights, ("hasScreen", ContextValue.Of(false))).Should().Be(0);
    }

    [Fact]
    public void A_number_context_entry_is_multiplied_by_its_raw_value()
    {
        var weights = Set(Domain("music", weights: [("context.hour", 0.1)]));

        ScoreWith(weights, ("hour", ContextValue.Of(11))).Should().BeApproximately(1.1, 1e-12);
        ScoreWith(weights, ("hour", ContextValue.Of(-2.5))).Should().BeApproximately(-0.25, 1e-12);
    }

    [Fact]
    public void Context_entries_add_up_and_unweighted_keys_contribute_nothing()
    {
        var weights = Set(Domain("music", weights: [("context.deviceType=speaker", 1.5), ("context.hasScreen", 0.7), ("context.hour", 0.1)]));

        ScoreWith(weights,
                ("deviceType", ContextValue.Of("speaker")), ("hasScreen", ContextValue.Of(true)),
                ("hour", ContextValue.Of(11)), ("locale", ContextValue.Of("en-GB")))
            .Should().BeApproximately(3.3, 1e-12);
    }

    [Fact]
    public void A_number_under_a_key_weighted_only_as_a_string_indicator_contributes_nothing()
    {
        // context.hour=11 is a string indicator; a numeric hour must not pick it up.
        var weights = Set(Domain("music", weights: [("context.hour=11", 2.0)]));

        ScoreWith(weights, ("hour", ContextValue.Of(11))).Should().Be(0);
        ScoreWith(weights, ("hour", ContextValue.Of("11"))).Should().Be(2.0);
    }

    [Fact]
    public void A_domain_only_uses_its_own_context_weights()
    {
        var weights = Set(Domain("music", weights: [("context.hasScreen", 5)]), Domain("video"));
        var context = Context(("hasScreen", ContextValue.Of(true)));

        var results = Reranker.Rank([Hyp("video"), Hyp("music")], context, weights);

        results.Single(r => r.Index == 0).Score.Should().Be(0);
        results.Single(r => r.Index == 1).Score.Should().Be(5);
    }

    [Fact]
    public void Compiling_weights_with_an_unknown_feature_is_refused()
    {
        var act = () => new DomainWeights(File("music", weights: [("no.such.feature", 1)]));

        act.Should().Throw<ArgumentException>().WithMessage("*no.such.feature*");
    }

    private static double ScoreWith(WeightSet weights, params (string Key, ContextValue Value)[] context) =>
        Reranker.Rank([Hyp("music")], Context(context), weights).Single().Score;
}
