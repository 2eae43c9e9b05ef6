using Microsoft.ML;
using Microsoft.ML.Data;
using ReRanker.Core.Metrics;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;

namespace ReRanker.Trainer.Evaluation;

/// <summary>
/// AUC and log-loss (bits) of one domain's served probabilities against "exactly right". AUC is null with one class
/// only; log-loss is infinite when a hypothesis that is exactly right was given probability 0 (the default policy
/// does that for a zero confidence).
/// </summary>
internal sealed record BinaryFigures(int Hypotheses, double? Auc, double LogLoss);

/// <summary>
/// Per-domain AUC and log-loss from ML.NET's binary evaluator (<c>BinaryClassification.Evaluate</c>), over every
/// hypothesis of the domain ranked as the service ranks it (probability after calibration, the one it reports).
/// Hypotheses are grouped by their own domain, as ECE all per domain is.
/// </summary>
internal static class BinaryMetrics
{
    public static IReadOnlyDictionary<string, BinaryFigures> PerDomain(IEnumerable<LabelledExample> examples, WeightSet weights)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(weights);
        var rows = new SortedDictionary<string, List<ProbabilityRow>>(StringComparer.Ordinal);
        foreach (var example in examples)
        {
            foreach (var scored in Reranker.Rank(example.Hypotheses, example.Context, weights))
            {
                var hypothesis = example.Hypotheses[scored.Index];
                if (!rows.TryGetValue(hypothesis.Domain, out var list))
                {
                    rows[hypothesis.Domain] = list = [];
                }

                var probability = (float)scored.Probability;
                list.Add(new ProbabilityRow { Label = SemanticError.Compute(hypothesis, example.Gold!).IsExact, Score = probability, Probability = probability, PredictedLabel = probability >= 0.5f });
            }
        }

        var ml = new MLContext(1);
        return rows.ToDictionary(kv => kv.Key, kv => Evaluate(ml, kv.Value), StringComparer.Ordinal);
    }

    private static BinaryFigures Evaluate(MLContext ml, List<ProbabilityRow> rows)
    {
        var both = rows.Exists(r => r.Label) && rows.Exists(r => !r.Label);
        if (!both)
        {
            // ML.NET's AUC needs both classes; log-loss alone is still defined (same clipping as ML.NET, 1e-15).
            var logLoss = rows.Average(r => -Math.Log(Math.Max(r.Label ? r.Probability : 1 - r.Probability, 1e-15))) / Math.Log(2);
            return new BinaryFigures(rows.Count, null, logLoss);
        }

        var metrics = ml.BinaryClassification.Evaluate(ml.Data.LoadFromEnumerable(rows), nameof(ProbabilityRow.Label), nameof(ProbabilityRow.Score), nameof(ProbabilityRow.Probability), nameof(ProbabilityRow.PredictedLabel));
        return new BinaryFigures(rows.Count, metrics.AreaUnderRocCurve, metrics.LogLoss);
    }

    private sealed class ProbabilityRow
    {
        public bool Label { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }
}
