using ReRanker.Core.Model;

namespace ReRanker.Core.Metrics;

/// <summary>A two-sided percentile interval.</summary>
public sealed record Interval(double Low, double High);

/// <summary>How bootstrap intervals are drawn: resamples of each segment's utterances, with replacement, seeded.</summary>
public sealed record BootstrapOptions(int Resamples = BootstrapOptions.DefaultResamples, int Seed = 1, double Confidence = 0.95)
{
    public const int DefaultResamples = 1000;
}

/// <summary>One segment's metrics with bootstrap intervals of top-1 SemER, IRER and ECE over every hypothesis.</summary>
public sealed record SegmentFigures(string Value, MetricSet Metrics, Interval Semer, Interval Irer, Interval EceAll);

/// <summary>
/// The metrics of one segment key: the whole, each segment value (ordinal order), and the worst segment (highest top-1
/// SemER among those with at least <see cref="MinimumUtterances"/>) with its gap to the whole.
/// </summary>
public sealed record SegmentReport(
    string Key,
    MetricSet Overall,
    IReadOnlyList<SegmentFigures> Segments,
    int MinimumUtterances,
    string? WorstSegment,
    double WorstGap);

/// <summary>Per-segment metrics over measured utterances (<see cref="Evaluator.Measure"/>); the figures are the <see cref="Evaluator"/>'s own.</summary>
public static class SegmentMetrics
{
    /// <summary>Segments smaller than this are shown but never called the worst, and the gate ignores them.</summary>
    public const int DefaultMinimumUtterances = 50;

    public static SegmentReport Build(
        SegmentKey key,
        IReadOnlyList<(RequestContext Context, UtteranceOutcome Outcome)> utterances,
        BootstrapOptions bootstrap,
        int minimumUtterances = DefaultMinimumUtterances)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(utterances);
        ArgumentNullException.ThrowIfNull(bootstrap);
        ArgumentOutOfRangeException.ThrowIfLessThan(bootstrap.Resamples, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumUtterances);
        if (bootstrap.Confidence is <= 0 or >= 1 || double.IsNaN(bootstrap.Confidence))
        {
            throw new ArgumentOutOfRangeException(nameof(bootstrap), bootstrap.Confidence, "The confidence must be within (0, 1).");
        }

        var groups = utterances.GroupBy(u => key.ValueOf(u.Context), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Value: g.Key, Outcomes: g.Select(u => u.Outcome).ToArray()))
            .ToArray();
        var overall = Measure(utterances.Select(u => u.Outcome));
        var segments = new SegmentFigures[groups.Length];
        for (var s = 0; s < groups.Length; s++)
        {
            // One generator per segment, seeded by the seed and the segment's place: adding a key never moves another's intervals.
            var random = new Random(unchecked((bootstrap.Seed * 1_000_003) + s));
            segments[s] = Figures(groups[s].Value, groups[s].Outcomes, bootstrap, random);
        }

        var worst = segments.Where(s => s.Metrics.Utterances >= minimumUtterances).MaxBy(s => s.Metrics.Semer);
        return new SegmentReport(key.Key, overall, segments, minimumUtterances, worst?.Value, worst is null ? 0 : worst.Metrics.Semer - overall.Semer);
    }

    private static SegmentFigures Figures(string value, UtteranceOutcome[] outcomes, BootstrapOptions bootstrap, Random random)
    {
        var semer = new double[bootstrap.Resamples];
        var irer = new double[bootstrap.Resamples];
        var ece = new double[bootstrap.Resamples];
        var sample = new UtteranceOutcome[outcomes.Length];
        for (var b = 0; b < bootstrap.Resamples; b++)
        {
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = outcomes[random.Next(outcomes.Length)];
            }

            var metrics = Measure(sample);
            (semer[b], irer[b], ece[b]) = (metrics.Semer, metrics.Irer, metrics.EceAll);
        }

        var tail = (1 - bootstrap.Confidence) / 2;
        return new SegmentFigures(value, Measure(outcomes), Percentiles(semer, tail), Percentiles(irer, tail), Percentiles(ece, tail));
    }

    private static MetricSet Measure(IEnumerable<UtteranceOutcome> outcomes)
    {
        var evaluator = new Evaluator();
        foreach (var outcome in outcomes)
        {
            evaluator.Add(outcome);
        }

        return evaluator.Build().Overall;
    }

    /// <summary>The <paramref name="tail"/> and 1 − tail quantiles, by the nearest-rank rule on the sorted draws.</summary>
    private static Interval Percentiles(double[] draws, double tail)
    {
        Array.Sort(draws);
        var low = Math.Clamp((int)Math.Ceiling(tail * draws.Length) - 1, 0, draws.Length - 1);
        var high = Math.Clamp((int)Math.Ceiling((1 - tail) * draws.Length) - 1, 0, draws.Length - 1);
        return new Interval(draws[low], draws[high]);
    }
}
