using ReRanker.Core.Features;
using ReRanker.Core.Metrics;
using ReRanker.Core.Model;

namespace ReRanker.Trainer.Data;

/// <summary>
/// A corpus with every hypothesis's dense features, label and SemER computed once (by Core's
/// <see cref="FeatureExtractor"/> and <see cref="SemanticError"/>), in flat arrays indexed by hypothesis.
/// An example without gold (imported from traffic) labels only the hypotheses with the interpretation known
/// wrong (not exactly right, SemER unknown); its other hypotheses carry no label.
/// </summary>
internal sealed class PreparedCorpus
{
    private PreparedCorpus(IReadOnlyList<LabelledExample> examples, int[] start, double[] features, bool[] exact, double[] semer, bool[] labelled, string[] domains, int[] domainIndex)
    {
        Examples = examples;
        Labelled = labelled;
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

    /// <summary>SemER against gold; NaN in an example without gold.</summary>
    public double[] Semer { get; }

    /// <summary>
    /// <see cref="Exact"/> is known: every hypothesis of an example with gold, and in one without gold the
    /// hypotheses whose interpretation is the one known wrong.
    /// </summary>
    public bool[] Labelled { get; }

    /// <summary>The domains that have at least one hypothesis, in ordinal order.</summary>
    public IReadOnlyList<string> Domains { get; }

    /// <summary>Index into <see cref="Domains"/> of each hypothesis's domain.</summary>
    public int[] DomainIndex { get; }

    public int HypothesisCount => Start[^1];

    private static GoldInterpretation Interpretation(Hypothesis hypothesis) => new(hypothesis.Domain, hypothesis.Intent, hypothesis.Slots);

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
        var labelled = new bool[total];
        var domains = examples.SelectMany(e => e.Hypotheses).Select(h => h.Domain).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var byName = domains.Select((d, i) => KeyValuePair.Create(d, i)).ToDictionary(StringComparer.Ordinal);
        var domainIndex = new int[total];
        for (var e = 0; e < examples.Count; e++)
        {
            var example = examples[e];
            FeatureExtractor.Compute(example.Hypotheses, features.AsSpan(start[e] * Width, example.Hypotheses.Count * Width));
            var wrong = example.Gold is null && example.KnownWrong is { } index ? Interpretation(example.Hypotheses[index]) : null;
            for (var i = 0; i < example.Hypotheses.Count; i++)
            {
                var h = start[e] + i;
                domainIndex[h] = byName[example.Hypotheses[i].Domain];
                if (example.Gold is { } gold)
                {
                    var error = SemanticError.Compute(example.Hypotheses[i], gold);
                    exact[h] = error.IsExact;
                    semer[h] = error.Value;
                    labelled[h] = true;
                }
                else
                {
                    // Same domain, intent and slots as the hypothesis known wrong: known wrong too. Nothing is known of the rest.
                    semer[h] = double.NaN;
                    labelled[h] = wrong is not null && SemanticError.Compute(example.Hypotheses[i], wrong).IsExact;
                }
            }
        }

        return new PreparedCorpus(examples, start, features, exact, semer, labelled, domains, domainIndex);
    }
}
