using ReRanker.Core.Metrics;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Evaluation;

namespace ReRanker.Trainer.Segments;

/// <summary>What <c>--segment</c>, <c>--min-segment</c>, <c>--bootstrap</c> and <c>--bootstrap-seed</c> ask for (evaluate and gate).</summary>
internal sealed record SegmentSettings(IReadOnlyList<SegmentKey> Keys, int MinimumUtterances, BootstrapOptions Bootstrap)
{
    public static SegmentSettings Parse(IReadOnlyList<string> keys, int minimumUtterances, int resamples, int seed)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var parsed = new List<SegmentKey>();
        foreach (var text in keys.Distinct(StringComparer.Ordinal))
        {
            if (!SegmentKey.TryParse(text, out var key))
            {
                throw new TrainerInputException($"--segment '{text}' is not a context key (letters, digits, '_', '.', '-'; at most 64)");
            }

            parsed.Add(key!);
        }

        if (minimumUtterances < 1)
        {
            throw new TrainerInputException("--min-segment must be at least 1");
        }

        if (resamples is < 1 or > 100_000)
        {
            throw new TrainerInputException("--bootstrap must be within [1, 100000]");
        }

        return new SegmentSettings(parsed, minimumUtterances, new BootstrapOptions(resamples, seed));
    }

    public bool Any => Keys.Count > 0;

    /// <summary>One report per key over <paramref name="examples"/> ranked with <paramref name="weights"/>.</summary>
    public IReadOnlyList<SegmentReport> Reports(IEnumerable<LabelledExample> examples, WeightSet weights)
    {
        var outcomes = CorpusEvaluation.Outcomes(examples, weights);
        return Keys.Select(k => SegmentMetrics.Build(k, outcomes, Bootstrap, MinimumUtterances)).ToArray();
    }
}
