using ReRanker.Core.Features;

namespace ReRanker.Trainer.Training;

/// <summary>Which context entries become features.</summary>
internal enum ContextFeatures
{
    None,

    /// <summary>Only the one-hot <c>context.deviceType=&lt;value&gt;</c> (the corpus reference models).</summary>
    DeviceType,

    /// <summary>Every context entry: one-hot per string value, the raw value of booleans and numbers.</summary>
    All,
}

/// <summary>
/// The features a domain's weights may use, written as groups joined by '+', e.g. <c>logits+intent+context</c>.
/// Groups: logits, intent (rank and margin inside the domain), domain (rank and margin in the list),
/// slots (count, mean and min confidence, none), product (log product of the confidences, its rank and margin in the list), device (deviceType one-hot), context (every context entry).
/// </summary>
internal sealed record FeatureSelection(IReadOnlyList<HypothesisFeature> Dense, ContextFeatures Context, string Spec)
{
    public const string Default = "logits+intent+domain+slots+product+device";

    /// <summary>
    /// The default under <c>--dp-epsilon</c>: three log-scale features, no column from the data (the device group's come
    /// from it). The noise's norm grows with the number of parameters (d = 4 here, 15 for the groups of <see cref="Default"/>
    /// without device); without privacy these three rank about as well as those groups (docs/quality.md).
    /// </summary>
    public const string PrivateDefault = "list.domainMargin+log.product+list.productMargin";

    private static readonly Dictionary<string, HypothesisFeature[]> Groups = new(StringComparer.Ordinal)
    {
        ["logits"] = [HypothesisFeature.LogitDomainScore, HypothesisFeature.LogitIntentScore, HypothesisFeature.LogitSlotScore],
        ["intent"] = [HypothesisFeature.IntentRankInDomain, HypothesisFeature.IntentMarginInDomain],
        ["domain"] = [HypothesisFeature.DomainRankInList, HypothesisFeature.DomainMarginInList],
        ["slots"] = [HypothesisFeature.SlotCount, HypothesisFeature.MeanSlotConfidence, HypothesisFeature.MinSlotConfidence, HypothesisFeature.NoSlots],
        ["product"] = [HypothesisFeature.LogProduct, HypothesisFeature.ProductRankInList, HypothesisFeature.ProductMarginInList],
    };

    public static IReadOnlyCollection<string> GroupNames => [.. Groups.Keys, "device", "context"];

    public static FeatureSelection Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var dense = new SortedSet<HypothesisFeature>();
        var context = ContextFeatures.None;
        foreach (var part in spec.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Groups.TryGetValue(part, out var features))
            {
                dense.UnionWith(features);
            }
            else if (part == "device")
            {
                context = context == ContextFeatures.All ? ContextFeatures.All : ContextFeatures.DeviceType;
            }
            else if (part == "context")
            {
                context = ContextFeatures.All;
            }
            else if (FeatureCatalog.TryGetHypothesisFeature(part, out var single))
            {
                dense.Add(single);
            }
            else
            {
                throw new FormatException($"unknown feature group '{part}'; use {string.Join(", ", GroupNames)} or a feature name, joined by '+'");
            }
        }

        if (dense.Count == 0 && context == ContextFeatures.None)
        {
            throw new FormatException("the feature selection is empty");
        }

        return new FeatureSelection([.. dense], context, spec);
    }

    public bool UsesContextKey(string key) =>
        Context == ContextFeatures.All || (Context == ContextFeatures.DeviceType && key == "deviceType");
}
