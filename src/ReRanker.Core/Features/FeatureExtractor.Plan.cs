namespace ReRanker.Core.Features;

public static partial class FeatureExtractor
{
    /// <summary>What a mask needs computed: a rank or margin needs the value it ranks.</summary>
    private readonly struct Plan
    {
        public Plan(FeatureMask needed)
        {
            IntentList = needed.ContainsAny(HypothesisFeature.IntentRankInDomain, HypothesisFeature.IntentMarginInDomain);
            DomainList = needed.ContainsAny(HypothesisFeature.DomainRankInList, HypothesisFeature.DomainMarginInList);
            ProductList = needed.ContainsAny(HypothesisFeature.ProductRankInList, HypothesisFeature.ProductMarginInList);
            DomainLogit = DomainList || needed.Contains(HypothesisFeature.LogitDomainScore);
            IntentLogit = IntentList || needed.Contains(HypothesisFeature.LogitIntentScore);
            SlotLogit = needed.Contains(HypothesisFeature.LogitSlotScore);
            Product = ProductList || needed.Contains(HypothesisFeature.LogProduct);
            Slots = needed.ContainsAny(HypothesisFeature.SlotCount, HypothesisFeature.MeanSlotConfidence, HypothesisFeature.MinSlotConfidence, HypothesisFeature.NoSlots);
        }

        public bool DomainLogit { get; }

        public bool IntentLogit { get; }

        public bool SlotLogit { get; }

        /// <summary>The clamped logarithms behind <see cref="HypothesisFeature.LogProduct"/>.</summary>
        public bool Product { get; }

        public bool Slots { get; }

        public bool IntentList { get; }

        public bool DomainList { get; }

        public bool ProductList { get; }

        public bool AnyListFeature => IntentList || DomainList || ProductList;
    }
}
