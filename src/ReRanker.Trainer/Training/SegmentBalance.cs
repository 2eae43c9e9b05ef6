using ReRanker.Core.Metrics;
using ReRanker.Trainer.Data;

namespace ReRanker.Trainer.Training;

/// <summary>
/// <c>train --balance KEY</c>: example weights that give every segment value of KEY (the segments of
/// <see cref="SegmentKey"/>) the same total weight in a domain's loss. An utterance in a segment of n_v of the domain's U
/// utterances, with K segment values present, weighs U / (K · n_v): the weights average 1, so the loss keeps its scale.
/// </summary>
internal static class SegmentBalance
{
    public static DomainProblem Apply(DomainProblem problem, PreparedCorpus corpus, SegmentKey key)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(key);
        var values = problem.Examples.Select(e => key.ValueOf(corpus.Examples[e].Context)).ToArray();
        var counts = values.GroupBy(v => v, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var weights = values.Select(v => (double)values.Length / (counts.Count * counts[v])).ToArray();
        return problem.With(problem.X, weights);
    }
}
