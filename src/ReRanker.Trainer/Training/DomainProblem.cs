using ReRanker.Core.Features;
using ReRanker.Core.Model;
using ReRanker.Trainer.Data;

namespace ReRanker.Trainer.Training;

/// <summary>
/// One domain's training data as flat arrays. Column 0 is the bias, then the selected dense features, then
/// the context features. For expected SemER each utterance also lists its other domains' hypotheses with
/// their fixed scores (from the registry held fixed, or the default policy).
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

    public int Rows => Y.Length;

    /// <summary>Utterances with at least one hypothesis of this domain.</summary>
    public int Utterances => UtteranceStart.Length - 1;

    /// <summary>Index into the member arrays of each utterance's first hypothesis.</summary>
    public required int[] UtteranceStart { get; init; }

    /// <summary>Row in <see cref="X"/> of an own hypothesis, or -1 for another domain's.</summary>
    public required int[] MemberRow { get; init; }

    /// <summary>Score of another domain's hypothesis (ignored for own ones).</summary>
    public required double[] MemberFixedScore { get; init; }

    public required double[] MemberSemer { get; init; }

    public static DomainProblem Build(PreparedCorpus corpus, IReadOnlyList<int> examples, string domain, FeatureSelection selection, double[] fixedScores)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(fixedScores);
        var involved = examples.Where(e => corpus.Examples[e].Hypotheses.Any(h => h.Domain == domain)).ToArray();
        var contextColumns = ContextColumns(corpus, involved, selection);
        var names = selection.Dense.Select(FeatureCatalog.NameOf).Concat(contextColumns.Select(c => c.Name)).ToArray();
        var columns = names.Length + 1;

        var x = new List<double>();
        var y = new List<double>();
        var utteranceStart = new List<int> { 0 };
        var memberRow = new List<int>();
        var memberFixed = new List<double>();
        var memberSemer = new List<double>();
        var contextValues = new double[contextColumns.Length];
        foreach (var e in involved)
        {
            var example = corpus.Examples[e];
            FillContext(example.Context, contextColumns, contextValues);
            for (var i = 0; i < example.Hypotheses.Count; i++)
            {
                var h = corpus.Start[e] + i;
                memberSemer.Add(corpus.Semer[h]);
                memberFixed.Add(fixedScores[h]);
                if (example.Hypotheses[i].Domain != domain)
                {
                    memberRow.Add(-1);
                    continue;
                }

                memberRow.Add(y.Count);
                y.Add(corpus.Exact[h] ? 1 : 0);
                x.Add(1);
                var row = corpus.Features.AsSpan(h * PreparedCorpus.Width, PreparedCorpus.Width);
                foreach (var feature in selection.Dense)
                {
                    x.Add(row[(int)feature]);
                }

                x.AddRange(contextValues);
            }

            utteranceStart.Add(memberRow.Count);
        }

        return new DomainProblem
        {
            Domain = domain,
            ColumnNames = names,
            X = [.. x],
            Y = [.. y],
            UtteranceStart = [.. utteranceStart],
            MemberRow = [.. memberRow],
            MemberFixedScore = [.. memberFixed],
            MemberSemer = [.. memberSemer],
        };
    }

    private static ContextColumn[] ContextColumns(PreparedCorpus corpus, int[] involved, FeatureSelection selection)
    {
        var columns = new SortedDictionary<string, ContextColumn>(StringComparer.Ordinal);
        foreach (var e in involved)
        {
            foreach (var (key, value) in corpus.Examples[e].Context.Entries)
            {
                if (selection.UsesContextKey(key))
                {
                    var name = FeatureCatalog.ContextFeatureName(key, value);
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
