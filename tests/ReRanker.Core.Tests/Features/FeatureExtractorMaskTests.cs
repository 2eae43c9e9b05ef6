using ReRanker.Core.Features;
using ReRanker.Core.Tests.Support;

namespace ReRanker.Core.Tests.Features;

public class FeatureExtractorMaskTests
{
    private static readonly int Width = FeatureCatalog.HypothesisFeatureCount;

    [Fact]
    public void Every_feature_in_the_mask_has_the_bits_of_the_full_computation()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 2_000; trial++)
        {
            var list = RandomLists.Make(random, random.Next(1, 14), random.Next(1, 5));
            var mask = new FeatureMask((ulong)random.NextInt64() & FeatureMask.All.Bits);
            var full = new double[list.Length * Width];
            FeatureExtractor.Compute(list, full);
            var masked = new double[list.Length * Width];
            Array.Fill(masked, double.NaN);

            FeatureExtractor.Compute(list, masked, mask);

            for (var i = 0; i < list.Length; i++)
            {
                foreach (var feature in Enum.GetValues<HypothesisFeature>().Where(mask.Contains))
                {
                    var at = (i * Width) + (int)feature;
                    BitConverter.DoubleToInt64Bits(masked[at]).Should().Be(
                        BitConverter.DoubleToInt64Bits(full[at]), $"trial {trial}, hypothesis {i}, {feature} under mask {mask.Bits:x}");
                }
            }
        }
    }

    [Fact]
    public void Rank_and_slot_features_outside_the_mask_are_not_computed()
    {
        var list = new[] { Build.Hyp("music", 0.7, 0.6, 0.5), Build.Hyp("video", 0.4, 0.9, 0.8) };
        var row = new double[list.Length * Width];
        Array.Fill(row, -42);

        FeatureExtractor.Compute(list, row, FeatureMask.None.With(HypothesisFeature.LogitIntentScore));

        row[(int)HypothesisFeature.LogitIntentScore].Should().Be(FeatureExtractor.Logit(0.6));
        row[(int)HypothesisFeature.ProductRankInList].Should().Be(-42, "an unrequested feature is not computed");
        row[(int)HypothesisFeature.SlotCount].Should().Be(-42);
    }

    [Fact]
    public void An_empty_mask_still_refuses_invalid_confidences()
    {
        var act = () => FeatureExtractor.Compute([Build.Hyp("music", domainScore: double.NaN)], new double[Width], FeatureMask.None);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*hypotheses[0]*");
    }
}
