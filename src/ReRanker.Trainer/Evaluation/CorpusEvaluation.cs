using ReRanker.Core.Metrics;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;

namespace ReRanker.Trainer.Evaluation;

/// <summary>Ranks examples exactly as the service does (Core's <see cref="Reranker"/>) and measures them with Core's <see cref="Evaluator"/>.</summary>
internal static class CorpusEvaluation
{
    public static EvaluationReport Evaluate(IEnumerable<LabelledExample> examples, WeightSet weights)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(weights);
        var evaluator = new Evaluator();
        foreach (var example in examples)
        {
            evaluator.Add(example, Reranker.Rank(example.Hypotheses, example.Context, weights));
        }

        return evaluator.Build();
    }

    /// <summary>Each example ranked as the service does and measured once (for segments and their bootstrap).</summary>
    public static (RequestContext Context, UtteranceOutcome Outcome)[] Outcomes(IEnumerable<LabelledExample> examples, WeightSet weights)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(weights);
        return examples.Select(e => (e.Context, Evaluator.Measure(e, Reranker.Rank(e.Hypotheses, e.Context, weights)))).ToArray();
    }

    /// <summary>True when the utterance concerns <paramref name="domain"/>: its gold domain or one of its hypotheses.</summary>
    public static bool Involves(LabelledExample example, string domain)
    {
        ArgumentNullException.ThrowIfNull(example);
        return example.Gold?.Domain == domain || example.Hypotheses.Any(h => h.Domain == domain);
    }

    /// <summary>The scores of every hypothesis of a corpus under <paramref name="weights"/>, flat in corpus order.</summary>
    public static double[] Scores(IReadOnlyList<LabelledExample> examples, int[] start, WeightSet weights)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(start);
        var scores = new double[start[^1]];
        for (var e = 0; e < examples.Count; e++)
        {
            foreach (var scored in Reranker.Rank(examples[e].Hypotheses, examples[e].Context, weights))
            {
                scores[start[e] + scored.Index] = scored.Score;
            }
        }

        return scores;
    }
}
