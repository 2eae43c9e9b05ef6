using ReRanker.Core.Features;
using ReRanker.Core.Model;

namespace ReRanker.Core.Metrics;

/// <summary>
/// A context key that splits utterances into segments (<c>--segment</c>, <c>--balance</c>): each utterance's segment is
/// its context value for the key (<c>true</c>/<c>false</c> for booleans, the number as written), <c>(none)</c> without
/// the key. <c>hour</c> is bucketed by hour of day: night [0, 6), morning [6, 12), afternoon [12, 18), evening
/// [18, 24); an hour that is not a number within [0, 24) is <c>(not an hour)</c>.
/// </summary>
public sealed record SegmentKey
{
    public const string HourKey = "hour";
    public const string Missing = "(none)";
    public const string NotAnHour = "(not an hour)";

    private static readonly (double From, string Name)[] HourBuckets = [(0, "night"), (6, "morning"), (12, "afternoon"), (18, "evening")];

    private SegmentKey(string key) => Key = key;

    public string Key { get; }

    /// <summary>The hour buckets, documented and shown by help text: <c>night 0-5, morning 6-11, ...</c>.</summary>
    public static string HourBucketsText => "night 0-5, morning 6-11, afternoon 12-17, evening 18-23";

    /// <summary>A segment key: any well-formed context key (the weight files' own key rule).</summary>
    public static bool TryParse(string? text, out SegmentKey? key)
    {
        key = null;
        if (text is null || !FeatureCatalog.TryParseContextFeature(FeatureCatalog.ContextPrefix + text, out _, out var value) || value is not null)
        {
            return false;
        }

        key = new SegmentKey(text);
        return true;
    }

    /// <summary>The segment an utterance with <paramref name="context"/> belongs to.</summary>
    public string ValueOf(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (key, value) in context.Entries)
        {
            if (string.Equals(key, Key, StringComparison.Ordinal))
            {
                return Key == HourKey ? HourBucket(value) : value.ToString();
            }
        }

        return Missing;
    }

    /// <summary>The segment shown to people: <c>deviceType=car</c>.</summary>
    public string Describe(string value) => $"{Key}={value}";

    private static string HourBucket(ContextValue value)
    {
        if (value.Kind != ContextValueKind.Number || value.Number is < 0 or >= 24)
        {
            return NotAnHour;
        }

        return HourBuckets.Last(b => value.Number >= b.From).Name;
    }
}
