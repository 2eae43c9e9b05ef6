using ReRanker.Core.Features;
using ReRanker.Core.Metrics;
using ReRanker.Core.Model;

namespace ReRanker.Trainer.Data;

/// <summary>
/// A corpus with every hypothesis's dense features, label and SemER computed once (by Core's
/// <see cref="FeatureExtractor"/> and <see cref="SemanticError"/>), in flat arrays indexed by hypothesis.
/// </summary>
internal sealed class PreparedCorpus
{
    private PreparedCorpus(IReadOnlyList<LabelledExample> examples, int[] start, double[] features, bool[] exact, double[] semer, string[] domains, int[] domainIndex)
    {
        Examples = examples;
        Start = start;
        Features = features;
        Exact = exact;
        Semer = semer;
        Domains = domains;
        DomainIndex = domainIndex;
    }

    public static int Width => FeatureCatalog.HypothesisFeatureCount;

    public IReadOnlyList<LabelledExample> Examples { get; }

    /// <summary>Index of each example's first hypothesis; <c>Start[Examples.Count]</c> is the total.</summary>
    public int[] Start { get; }

    /// <summary>Row-major, <see cref="Width"/> values per hypothesis.</summary>
    public double[] Features { get; }

    /// <summary>The hypothesis is exactly right (intent and every slot).</summary>
    public bool[] Exact { get; }

    public double[] Semer { get; }

    /// <summary>The domains that have at least one hypothesis, in ordinal order.</summary>
    public IReadOnlyList<string> Domains { get; }

    /// <summary>Index into <see cref="Domains"/> of each hypothesis's domain.</summary>
    public int[] DomainIndex { get; }

    public int HypothesisCount => Start[^1];

    public static PreparedCorpus Build(IReadOnlyList<LabelledExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var start = new int[examples.Count + 1];
        for (var e = 0; e < examples.Count; e++)
        {
            start[e + 1] = start[e] + examples[e].Hypotheses.Count;
        }

        var total = start[^1];
        var features = new double[(long)total * Width];
        var exact = new bool[total];
        var semer = new double[total];
        var domains = examples.SelectMany(e => e.Hypotheses).Select(h => h.Domain).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var byName = domains.Select((d, i) => KeyValuePair.Create(d, i)).ToDictionary(StringComparer.Ordinal);
        var domainIndex = new int[total];
        for (var e = 0; e < examples.Count; e++)
        {
            var example = examples[e];
            FeatureExtractor.Compute(example.Hypotheses, features.AsSpan(start[e] * Width, example.Hypotheses.Count * Width));
            for (var i = 0; i < example.Hypotheses.Count; i++)
            {
                var error = SemanticError.Compute(example.Hypotheses[i], example.Gold);
                exact[start[e] + i] = error.IsExact;
                semer[start[e] + i] = error.Value;
                domainIndex[start[e] + i] = byName[example.Hypotheses[i].Domain];
            }
        }

        return new PreparedCorpus(examples, start, features, exact, semer, domains, domainIndex);
    }
}
