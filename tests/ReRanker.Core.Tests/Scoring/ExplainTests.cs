using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using static ReRanker.Core.Tests.Support.Build;

namespace ReRanker.Core.Tests.Scoring;

public class ExplainTests
{
    private static readonly WeightSet Weights = Set(Support.Build.Domain("music", bias: -0.75, weights:
    [
        ("logit.domainScore", 1.2), ("logit.intentScore", 0.8), ("domain.intentRank", -0.5), ("slots.count", 0.1),
        ("context.deviceType=speaker", 0.4), ("context.hasScreen", -0.3), ("context.hour", 0.02),
    ]));

    private static readonly RequestContext SpeakerAtElevenWithScreen = Context(
        ("deviceType", ContextValue.Of("speaker")), ("hasScreen", ContextValue.Of(true)), ("hour", ContextValue.Of(11)));

    private static readonly Hypothesis[] List =
    [
        Hyp("music", 0.7, 0.3, 0.9, Slot("artist", "abba")),
        Hyp("music", 0.7, 0.6, 0.8),
        Hyp("video", 0.5, 0.9, 0.9),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Contributions_sum_to_the_score_including_the_bias(int index)
    {
        var score = Reranker.Rank(List, SpeakerAtElevenWithScreen, Weights).Single(r => r.Index == index).Score;

        var contributions = Reranker.Explain(List, index, SpeakerAtElevenWithScreen, Weights);

        contributions[0].Should().Be(new FeatureContribution("bias", 1, -0.75, -0.75));
        contributions.Sum(c => c.Contribution).Should().BeApproximately(score, 1e-12);
    }

    [Fact]
    public void Each_contribution_is_value_times_weight_with_context_values_as_indicators_or_raw_numbers()
    {
        var contributions = Reranker.Explain(List, 0, SpeakerAtElevenWithScreen, Weights).ToDictionary(c => c.Feature);

        contributions.Values.Should().OnlyContain(c => Math.Abs(c.Contribution - (c.Value * c.Weight)) < 1e-15);
        contributions["context.deviceType=speaker"].Value.Should().Be(1);
        contributions["context.hasScreen"].Value.Should().Be(1);
        contributions["context.hour"].Value.Should().Be(11);
        contributions["domain.intentRank"].Value.Should().Be(1); // 0.3 < 0.6 in the same domain
        contributions["slots.count"].Value.Should().Be(1);
    }

    [Fact]
    public void Features_with_zero_weight_are_left_out()
    {
        var features = Reranker.Explain(List, 0, RequestContext.Empty, Weights).Select(c => c.Feature);

        features.Should().Equal("bias", "logit.domainScore", "logit.intentScore", "domain.intentRank", "slots.count");
    }

    [Fact]
    public void A_hypothesis_of_an_unweighted_domain_has_no_contributions() =>
        Reranker.Explain(List, 2, SpeakerAtElevenWithScreen, Weights).Should().BeEmpty();

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void An_index_outside_the_list_is_refused(int index)
    {
        var act = () => Reranker.Explain(List, index, RequestContext.Empty, Weights);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
