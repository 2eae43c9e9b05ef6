using ReRanker.Core.Features;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;

namespace ReRanker.Core.Tests.Support;

/// <summary>Short builders for hypotheses, weight files and weight sets, so tests show only what matters.</summary>
internal static class Build
{
    public static readonly DateTimeOffset CreatedAt = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A hypothesis whose scores matter and whose intent does not.</summary>
    public static Hypothesis Hyp(string domain, double domainScore = 0.5, double intentScore = 0.5, double slotScore = 0.5, params Slot[] slots) =>
        new(domain, "query", slots, domainScore, intentScore, slotScore);

    /// <summary>A hypothesis whose interpretation matters and whose scores do not.</summary>
    public static Hypothesis Interp(string domain, string intent, params Slot[] slots) => new(domain, intent, slots, 0.5, 0.5, 0.5);

    public static Slot Slot(string name, string value, double? confidence = null) => new(name, value, confidence);

    public static TrainingInfo Training(IReadOnlyDictionary<string, double>? metrics = null) =>
        new("combined", 0.01, 0.5, new string('a', 64), 100, 1200, 20, metrics ?? new Dictionary<string, double> { ["semer"] = 0.47 }, "1.0.0", 42);

    public static WeightFile File(string domain, double bias = 0, int version = 1, params (string Name, double Weight)[] weights) =>
        new(WeightFile.CurrentSchemaVersion, domain, version, bias, weights.ToDictionary(w => w.Name, w => w.Weight), CreatedAt, Training());

    public static DomainWeights Domain(string domain, double bias = 0, int version = 1, params (string Name, double Weight)[] weights) =>
        new(File(domain, bias, version, weights));

    public static WeightSet Set(params DomainWeights[] domains) => new(domains);

    public static RequestContext Context(params (string Key, ContextValue Value)[] entries) =>
        new(entries.Select(e => KeyValuePair.Create(e.Key, e.Value)));

    public static string Name(HypothesisFeature feature) => FeatureCatalog.NameOf(feature);

    /// <summary>The dense feature rows of a list, one array per hypothesis.</summary>
    public static double[][] Rows(params Hypothesis[] hypotheses)
    {
        var width = FeatureCatalog.HypothesisFeatureCount;
        var flat = new double[hypotheses.Length * width];
        FeatureExtractor.Compute(hypotheses, flat);
        return Enumerable.Range(0, hypotheses.Length).Select(i => flat.AsSpan(i * width, width).ToArray()).ToArray();
    }
}
