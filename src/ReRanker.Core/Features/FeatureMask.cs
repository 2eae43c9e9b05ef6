namespace ReRanker.Core.Features;

/// <summary>
/// A set of <see cref="HypothesisFeature"/>s as bits. A weight set knows which features any of its domains
/// uses, so a ranking computes only those (the logarithms and the all-pairs rank pass are most of the work).
/// </summary>
public readonly record struct FeatureMask(ulong Bits)
{
    /// <summary>Every feature in the catalog.</summary>
    public static FeatureMask All { get; } = new((1UL << FeatureCatalog.HypothesisFeatureCount) - 1);

    public static FeatureMask None => default;

    public bool Contains(HypothesisFeature feature) => (Bits & Bit(feature)) != 0;

    /// <summary>True when the mask holds at least one of the given features.</summary>
    public bool ContainsAny(params ReadOnlySpan<HypothesisFeature> features)
    {
        foreach (var feature in features)
        {
            if (Contains(feature))
            {
                return true;
            }
        }

        return false;
    }

    public FeatureMask With(HypothesisFeature feature) => new(Bits | Bit(feature));

    public FeatureMask Union(FeatureMask other) => new(Bits | other.Bits);

    private static ulong Bit(HypothesisFeature feature) => 1UL << (int)feature;
}
