using ReRanker.Core.Features;
using ReRanker.Core.Model;
using ReRanker.Trainer.Data;

namespace ReRanker.Trainer.Training;

/// <summary>
/// One domain's training data as flat arrays. Column 0 is the bias, then the selected dense features, then
/// the context features. Rows (the domain's own hypotheses) are grouped by utterance. For expected SemER
/// the other domains' hypotheses are fixed, so each utterance keeps only their log-sum-exp and their
/// softmax-weighted mean SemER: the softmax over the whole list then costs O(own hypotheses).
/// An utterance without gold (imported from traffic) keeps only its rows known wrong: they take part in the
/// cross-entropy term (label 0) and the utterance takes no part in expected SemER (<see cref="HasGold"/>).
/// </summary>
internal sealed class DomainProblem
{
    public required string Domain { get; init; }

    /// <summary>Feature name of each column after the bias.</summary>
    public required IReadOnlyList<string> ColumnNames { get; init; }

    public int Columns => ColumnNames.Count + 1;

    /// <summary>Own hypotheses × <see cref="Columns"/>, row-major.</summary>
    public required double[] X { get; init; }

    /// <summary>1 when the own hypothesis is exactly right.</summary>
    public required double[] Y { get; init; }

    /// <summary>SemER of each own hypothesis.</summary>
    public required double[] Semer { get; init; }

    public int Rows => Y.Length;

    /// <summary>Utterances with at least one hypothesis of this domain.</summary>
    public int Utterances => RowStart.Length - 1;

    /// <summary>First row of each utterance; <c>RowStart[Utterances]</c> = <see cref="Rows"/>.</summary>
    public required int[] RowStart { get; init; }

    /// <summary>log Σ exp(score) over the utterance's other-domain hypotheses (−∞ when there are none).</summary>
    public required double[] OthersLogSumExp { get; init; }

    /// <summary>Softmax-weighted mean SemER of the utterance's other-domain hypotheses (0 when there are none).</summary>
    public required double[] OthersMeanSemer { get; init; }

    /// <summary>Per utterance: it has gold, so expected SemER can be computed (its rows are every own hypothesis).</summary>
    public required bool[] HasGold { get; init; }

    /// <summary>Utterances with gold: the mean of the expected-SemER term is over these.</summary>
    public int GoldUtterances { get; init; }

    /// <summary>
    /// Per utterance: its weight in both loss terms (<c>train --balance</c>; the private fit's 1 / rows); null = every
    /// utterance weighs 1. Means are then weighted means.
    /// </summary>
    public double[]? UtteranceWeights { get; init; }

    /// <summary>The same problem with other rows and utterance weights (same utterances, columns and labels).</summary>
    public DomainProblem With(double[] x, double[]? utteranceWeights) => new()
    {
        Domain = Domain,
        ColumnNames = ColumnNames,
        X = x,
        Y = Y,
        Semer = Semer,
        RowStart = RowStart,
        OthersLogSumExp = OthersLogSumExp,
        OthersMeanSemer = OthersMeanSemer,
        HasGold = HasGold,
        GoldUtterances = GoldUtterances,
        UtteranceWeights = utteranceWeights,
        Examples = Examples,
    };

    /// <summary>The corpus index of each utterance.</summary>
    public required int[] Examples { get; init; }

    public static DomainProblem Build(PreparedCorpus corpus, IReadOnlyList<int> examples, string domain, FeatureSelection selection, double[] fixedScores)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(fixedScores);
        var domainIndex = corpus.Domains.ToList().IndexOf(domain);
        var involved = new List<int>();
        var rows = 0;
        foreach (var e in examples)
        {
            var own = 0;
            for (var h = corpus.Start[e]; h < corpus.Start[e + 1]; h++)
            {
                own += corpus.DomainIndex[h] == domainIndex && corpus.Labelled[h] ? 1 : 0;
            }

            if (own > 0)
            {
                involved.Add(e);
                rows += own;
            }
        }

        var contextColumns = ContextColumns(corpus, involved, selection);
        var names = selection.Dense.Select(FeatureCatalog.NameOf).Concat(contextColumns.Select(c => c.Name)).ToArray();
        var columns = names.Length + 1;
        var x = new double[(long)rows * columns];
        var y = new double[rows];
        var semer = new double[rows];
        var rowStart = new int[involved.Count + 1];
        var othersLse = new double[involved.Count];
        var othersSemer = new double[involved.Count];
        var hasGold = new bool[involved.Count];
        var contextValues = new double[contextColumns.Length];
        var r = 0;
        for (var u = 0; u < involved.Count; u++)
        {
            var e = involved[u];
            FillContext(corpus.Examples[e].Context, contextColumns, contextValues);
            hasGold[u] = corpus.Examples[e].Gold is not null;
            (othersLse[u], othersSemer[u]) = hasGold[u] ? Others(corpus, e, domainIndex, fixedScores) : (double.NegativeInfinity, 0);
            rowStart[u] = r;
            for (var h = corpus.Start[e]; h < corpus.Start[e + 1]; h++)
            {
                if (corpus.DomainIndex[h] != domainIndex || !corpus.Labelled[h])
                {
                    continue;
                }

                y[r] = corpus.Exact[h] ? 1 : 0;
                semer[r] = corpus.Semer[h];
                var row = x.AsSpan(r * columns, columns);
                row[0] = 1;
                var features = corpus.Features.AsSpan(h * PreparedCorpus.Width, PreparedCorpus.Width);
                for (var f = 0; f < selection.Dense.Count; f++)
                {
                    row[1 + f] = features[(int)selection.Dense[f]];
                }

                contextValues.CopyTo(row[(1 + selection.Dense.Count)..]);
                r++;
            }
        }

        rowStart[^1] = r;
        return new DomainProblem
        {
            Domain = domain,
            ColumnNames = names,
            X = x,
            Y = y,
            Semer = semer,
            RowStart = rowStart,
            OthersLogSumExp = othersLse,
            OthersMeanSemer = othersSemer,
            HasGold = hasGold,
            GoldUtterances = hasGold.Count(g => g),
            Examples = [.. involved],
        };
    }

    /// <summary>Stable log-sum-exp of the other domains' fixed scores and their softmax-weighted mean SemER.</summary>
    private static (double LogSumExp, double MeanSemer) Others(PreparedCorpus corpus, int e, int domainIndex, double[] fixedScores)
    {
        var max = double.NegativeInfinity;
        for (var h = corpus.Start[e]; h < corpus.Start[e + 1]; h++)
        {
            if (corpus.DomainIndex[h] != domainIndex)
            {
                max = Math.Max(max, fixedScores[h]);
            }
        }

        if (double.IsNegativeInfinity(max))
        {
            return (double.NegativeInfinity, 0);
        }

        double z = 0, weighted = 0;
        for (var h = corpus.Start[e]; h < corpus.Start[e + 1]; h++)
        {
            if (corpus.DomainIndex[h] != domainIndex)
            {
                var w = Math.Exp(fixedScores[h] - max);
                z += w;
                weighted += w * corpus.Semer[h];
            }
        }

        return (max + Math.Log(z), weighted / z);
    }

    private static ContextColumn[] ContextColumns(PreparedCorpus corpus, List<int> involved, FeatureSelection selection)
    {
        var columns = new SortedDictionary<string, ContextColumn>(StringComparer.Ordinal);
        if (selection.Context == ContextFeatures.None)
        {
            return [];
        }

        foreach (var e in involved)
        {
            foreach (var (key, value) in corpus.Examples[e].Context.Entries)
            {
                var name = FeatureCatalog.ContextFeatureName(key, value);
                // Only names a weight file may carry: a key or value the catalogue rejects cannot be served.
                if (selection.UsesContextKey(key) && FeatureCatalog.IsKnown(name))
                {
                    columns.TryAdd(name, new ContextColumn(name, key, value.Kind == ContextValueKind.String ? value.Text : null));
                }
            }
        }

        return [.. columns.Values];
    }

    // Mirrors DomainWeights.ContextScore: a string entry contributes 1 to its one-hot column, others their number.
    private static void FillContext(RequestContext context, ContextColumn[] columns, double[] values)
    {
        Array.Clear(values);
        foreach (var (key, value) in context.Entries)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                var column = columns[c];
                if (column.Key != key)
                {
                    continue;
                }

                if (column.Value is null && value.Kind != ContextValueKind.String)
                {
                    values[c] = value.Number;
                }
                else if (value.Kind == ContextValueKind.String && column.Value == value.Text)
                {
                    values[c] = 1;
                }
            }
        }
    }

    private sealed record ContextColumn(string Name, string Key, string? Value);
}
