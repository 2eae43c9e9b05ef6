using Microsoft.ML;
using Microsoft.ML.Data;
using ReRanker.Core.Metrics;
using ReRanker.Core.Model;

namespace ReRanker.Trainer.Evaluation;

/// <summary>NDCG@1 and NDCG@3 from ML.NET's ranking evaluator (<c>Ranking.Evaluate</c>), relevance as <see cref="JointLightGbm.Relevance"/>.</summary>
internal static class RankingQuality
{
    /// <summary><paramref name="scores"/>: one per hypothesis, flat in corpus order, higher ranks first.</summary>
    public static (double Ndcg1, double Ndcg3) Ndcg(IReadOnlyList<LabelledExample> examples, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(scores);
        var rows = new List<ScoredRow>(scores.Count);
        var h = 0;
        for (var e = 0; e < examples.Count; e++)
        {
            foreach (var hypothesis in examples[e].Hypotheses)
            {
                var relevance = JointLightGbm.Relevance(SemanticError.Compute(hypothesis, examples[e].Gold!));
                rows.Add(new ScoredRow { Relevance = relevance, Group = (uint)e + 1, Score = (float)scores[h++] });
            }
        }

        var ml = new MLContext(1);
        var data = ml.Transforms.Conversion.MapValueToKey(nameof(ScoredRow.Group)).Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
        var metrics = ml.Ranking.Evaluate(data, new RankingEvaluatorOptions { DcgTruncationLevel = 3 }, nameof(ScoredRow.Relevance), nameof(ScoredRow.Group), nameof(ScoredRow.Score));
        return (metrics.NormalizedDiscountedCumulativeGains[0], metrics.NormalizedDiscountedCumulativeGains[2]);
    }

    private sealed class ScoredRow
    {
        public float Relevance { get; set; }

        public uint Group { get; set; }

        public float Score { get; set; }
    }
}
