using ReRanker.Core.Features;
using ReRanker.Core.Model;
using ReRanker.Core.Tests.Support;
using static ReRanker.Core.Features.FeatureExtractor;

namespace ReRanker.Core.Tests.Features;

/// <summary>
/// The optimised extractor against a plain LINQ transcription of the documented definitions, on random
/// lists of every size up to well past the 256-hypothesis stack limit.
/// </summary>
public class FeatureExtractorReferenceTests
{
    public static TheoryData<int> Sizes => [1, 2, 5, 12, 40, 255, 256, 257, 400];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Extractor_matches_the_reference_definition(int count)
    {
        var random = new Random(count);
        for (var round = 0; round < 5; round++)
        {
            var list = RandomLists.Make(random, count, domains: 1 + random.Next(Math.Min(count, 30)));

            var actual = Support.Build.Rows(list);

            for (var i = 0; i < count; i++)
            {
                actual[i].Should().Equal(Reference(list, i), $"hypothesis {i} of {count} (round {round})");
            }
        }
    }

    private static double[] Reference(Hypothesis[] list, int i)
    {
        var h = list[i];
        var firstIndex = list.Select((x, k) => (x, k)).GroupBy(p => p.x.Domain).ToDictionary(g => g.Key, g => g.Min(p => p.k));
        var sameDomain = Enumerable.Range(0, list.Length).Where(k => k != i && list[k].Domain == h.Domain).ToList();
        var otherDomains = firstIndex.Where(kv => kv.Key != h.Domain).Select(kv => kv.Value).ToList();
        var confidences = h.Slots.Select(s => s.Confidence ?? h.SlotScore).ToList();

        var row = new double[FeatureCatalog.HypothesisFeatureCount];
        row[(int)HypothesisFeature.LogitDomainScore] = Logit(h.DomainScore);
        row[(int)HypothesisFeature.LogitIntentScore] = Logit(h.IntentScore);
        row[(int)HypothesisFeature.LogitSlotScore] = Logit(h.SlotScore);
        row[(int)HypothesisFeature.IntentRankInDomain] = sameDomain.Count(k =>
            Logit(list[k].IntentScore) > Logit(h.IntentScore) || (Logit(list[k].IntentScore) == Logit(h.IntentScore) && k < i));
        row[(int)HypothesisFeature.IntentMarginInDomain] = sameDomain.Count == 0 ? 0 : Logit(h.IntentScore) - sameDomain.Max(k => Logit(list[k].IntentScore));
        row[(int)HypothesisFeature.DomainRankInList] = otherDomains.Count(k =>
            Logit(list[k].DomainScore) > Logit(h.DomainScore) || (Logit(list[k].DomainScore) == Logit(h.DomainScore) && k < firstIndex[h.Domain]));
        row[(int)HypothesisFeature.DomainMarginInList] = otherDomains.Count == 0 ? 0 : Logit(h.DomainScore) - otherDomains.Max(k => Logit(list[k].DomainScore));
        row[(int)HypothesisFeature.SlotCount] = h.Slots.Count;
        row[(int)HypothesisFeature.MeanSlotConfidence] = confidences.Count == 0 ? 0 : confidences.Sum() / confidences.Count;
        row[(int)HypothesisFeature.MinSlotConfidence] = confidences.Count == 0 ? 0 : confidences.Min();
        row[(int)HypothesisFeature.NoSlots] = confidences.Count == 0 ? 1 : 0;
        double LogProduct(Hypothesis x) => LogClamped(x.DomainScore) + LogClamped(x.IntentScore) + LogClamped(x.SlotScore);
        var otherDomainHypotheses = Enumerable.Range(0, list.Length).Where(k => list[k].Domain != h.Domain).ToList();
        row[(int)HypothesisFeature.LogProduct] = LogProduct(h);
        row[(int)HypothesisFeature.ProductRankInList] = Enumerable.Range(0, list.Length).Count(k =>
            k != i && (LogProduct(list[k]) > LogProduct(h) || (LogProduct(list[k]) == LogProduct(h) && k < i)));
        row[(int)HypothesisFeature.ProductMarginInList] = otherDomainHypotheses.Count == 0 ? 0 : LogProduct(h) - otherDomainHypotheses.Max(k => LogProduct(list[k]));
        return row;
    }
}
