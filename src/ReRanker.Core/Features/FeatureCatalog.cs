using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using ReRanker.Core.Model;

namespace ReRanker.Core.Features;

/// <summary>Stable feature names and the rules for which names a weight file may use.</summary>
public static partial class FeatureCatalog
{
    public const string ContextPrefix = "context.";

    /// <summary>Number of dense per-hypothesis features.</summary>
    public static int HypothesisFeatureCount { get; } = Enum.GetValues<HypothesisFeature>().Length;

    private static readonly ImmutableArray<string> Names =
    [
        "logit.domainScore",
        "logit.intentScore",
        "logit.slotScore",
        "domain.intentRank",
        "domain.intentMargin",
        "list.domainRank",
        "list.domainMargin",
        "slots.count",
        "slots.meanConfidence",
        "slots.minConfidence",
        "slots.none",
        "log.product",
        "list.productRank",
        "list.productMargin",
    ];

    private static readonly FrozenDictionary<string, HypothesisFeature> ByName =
        Names.Select((name, i) => KeyValuePair.Create(name, (HypothesisFeature)i)).ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The stable names of the dense features, in enum order.</summary>
    public static IReadOnlyList<string> HypothesisFeatureNames => Names;

    /// <summary>The three base features of the corpus reference models.</summary>
    public static IReadOnlyList<HypothesisFeature> BaseFeatures { get; } =
        [HypothesisFeature.LogitDomainScore, HypothesisFeature.LogitIntentScore, HypothesisFeature.LogitSlotScore];

    public static string NameOf(HypothesisFeature feature) => Names[(int)feature];

    public static bool TryGetHypothesisFeature(string name, out HypothesisFeature feature) => ByName.TryGetValue(name, out feature);

    /// <summary>The feature name of a context entry: <c>context.key=value</c> for strings, <c>context.key</c> otherwise.</summary>
    public static string ContextFeatureName(string key, ContextValue value) =>
        value.Kind == ContextValueKind.String ? $"{ContextPrefix}{key}={value.Text}" : ContextPrefix + key;

    /// <summary>True for any name a weight file may carry: a dense feature or a well-formed context feature.</summary>
    public static bool IsKnown(string name) => ByName.ContainsKey(name) || TryParseContextFeature(name, out _, out _);

    /// <summary>Splits <c>context.key=value</c> (value non-null) or <c>context.key</c> (value null).</summary>
    public static bool TryParseContextFeature(string name, out string key, out string? value)
    {
        key = string.Empty;
        value = null;
        var match = ContextFeatureRegex().Match(name);
        if (!match.Success)
        {
            return false;
        }

        key = match.Groups["key"].Value;
        value = match.Groups["value"].Success ? match.Groups["value"].Value : null;
        return true;
    }

    // Keys are identifiers; string values may be anything printable up to 128 characters.
    [GeneratedRegex(@"^context\.(?<key>[A-Za-z0-9_][A-Za-z0-9_.-]{0,63})(=(?<value>[^\p{C}]{1,128}))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex ContextFeatureRegex();
}
