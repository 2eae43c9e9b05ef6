using ReRanker.Core.Features;
using static ReRanker.Core.Tests.Support.Build;

namespace ReRanker.Core.Tests.Features;

public class FeatureExtractorSlotTests
{
    private static double[] Row(Core.Model.Hypothesis h) => Rows(h)[0];

    [Fact]
    public void Slot_count_mean_and_min_confidence_come_from_the_slots()
    {
        var row = Row(Hyp("music", slotScore: 0.9, slots: [Slot("artist", "abba", 0.8), Slot("song", "sos", 0.4)]));

        row[(int)HypothesisFeature.SlotCount].Should().Be(2);
        row[(int)HypothesisFeature.MeanSlotConfidence].Should().BeApproximately(0.6, 1e-12);
        row[(int)HypothesisFeature.MinSlotConfidence].Should().Be(0.4);
        row[(int)HypothesisFeature.NoSlots].Should().Be(0);
    }

    [Fact]
    public void A_slot_without_confidence_counts_with_the_slot_score()
    {
        var row = Row(Hyp("music", slotScore: 0.3, slots: [Slot("artist", "abba", 0.9), Slot("song", "sos")]));

        row[(int)HypothesisFeature.MeanSlotConfidence].Should().BeApproximately(0.6, 1e-12);
        row[(int)HypothesisFeature.MinSlotConfidence].Should().Be(0.3);
    }

    [Fact]
    public void No_slots_gives_zero_count_and_confidences_and_sets_slots_none()
    {
        var row = Row(Hyp("music", slotScore: 0.7));

        row[(int)HypothesisFeature.SlotCount].Should().Be(0);
        row[(int)HypothesisFeature.MeanSlotConfidence].Should().Be(0);
        row[(int)HypothesisFeature.MinSlotConfidence].Should().Be(0);
        row[(int)HypothesisFeature.NoSlots].Should().Be(1);
    }

    [Fact]
    public void The_three_logit_features_are_the_clamped_logits_of_the_scores()
    {
        var row = Row(Hyp("music", domainScore: 0, intentScore: 0.8, slotScore: 1));

        row[(int)HypothesisFeature.LogitDomainScore].Should().Be(FeatureExtractor.Logit(1e-6));
        row[(int)HypothesisFeature.LogitIntentScore].Should().BeApproximately(Math.Log(4), 1e-12);
        row[(int)HypothesisFeature.LogitSlotScore].Should().Be(FeatureExtractor.Logit(1 - 1e-6));
    }

    [Theory]
    [InlineData(double.NaN, 0.5, 0.5, null)]
    [InlineData(0.5, 1.5, 0.5, null)]
    [InlineData(0.5, 0.5, -0.1, null)]
    [InlineData(0.5, 0.5, 0.5, double.NaN)]
    [InlineData(0.5, 0.5, 0.5, 1.01)]
    public void A_confidence_that_is_nan_or_outside_zero_to_one_is_refused(double domainScore, double intentScore, double slotScore, double? slotConfidence)
    {
        var act = () => Rows(Hyp("music"), Hyp("music", domainScore, intentScore, slotScore, Slot("a", "x", slotConfidence)));

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("hypotheses[1]:*");
    }
}
