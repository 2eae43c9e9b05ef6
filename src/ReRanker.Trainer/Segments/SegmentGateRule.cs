using System.Globalization;
using ReRanker.Core.Metrics;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;
using ReRanker.Trainer.Data;

namespace ReRanker.Trainer.Segments;

/// <summary>One judged segment: the served and the candidate's figures on the same utterances.</summary>
internal sealed record SegmentComparison(string Key, SegmentFigures Served, SegmentFigures Candidate)
{
    public double Increase => Candidate.Metrics.Semer - Served.Metrics.Semer;

    public string Name => $"{Key}={Candidate.Value}";
}

/// <summary>The segment half of the gate's decision: the comparisons, and the worst one beyond tolerance (null: passed).</summary>
internal sealed record SegmentVerdict(IReadOnlyList<SegmentComparison> Comparisons, SegmentComparison? Failure, double Tolerance, int MinimumUtterances)
{
    /// <summary>The candidate's report per key (for the worst segment's gap to the whole).</summary>
    public IReadOnlyList<SegmentReport> CandidateReports { get; init; } = [];

    public bool Passed => Failure is null;

    /// <summary>The reason a candidate is refused, naming the segment and by how much it got worse.</summary>
    public string FailureReason() => Failure is not { } f
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture,
            $"segment {f.Name} got worse by {f.Increase:+0.0000;-0.0000} (SemER {f.Candidate.Metrics.Semer:F4} vs {f.Served.Metrics.Semer:F4} on {f.Candidate.Metrics.Utterances} utterances, tolerance {Tolerance} on segments of ≥ {MinimumUtterances})");
}

/// <summary>
/// The gate's segment rule: on the utterances the gate judges, for every <c>--segment</c> key, no segment value with at
/// least <c>--min-segment</c> utterances may have a top-1 SemER above served + <c>--segment-tolerance</c>. Smaller
/// segments are reported, not judged (a handful of utterances moves their SemER by more than any useful tolerance).
/// </summary>
internal sealed record SegmentGateRule(double Tolerance)
{
    public const double DefaultTolerance = 0.02;

    public SegmentVerdict Judge(IReadOnlyList<LabelledExample> examples, WeightSet served, WeightFile candidate, SegmentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(settings);
        if (!double.IsFinite(Tolerance) || Tolerance < 0)
        {
            throw new TrainerInputException("--segment-tolerance must be finite and ≥ 0");
        }

        var before = settings.Reports(examples, served);
        var after = settings.Reports(examples, served.With(new DomainWeights(candidate)));
        var comparisons = new List<SegmentComparison>();
        for (var k = 0; k < before.Count; k++)
        {
            // The same utterances, so the same segment values in the same order.
            comparisons.AddRange(before[k].Segments.Zip(after[k].Segments, (b, a) => new SegmentComparison(before[k].Key, b, a)));
        }

        var failure = comparisons
            .Where(c => c.Candidate.Metrics.Utterances >= settings.MinimumUtterances && c.Increase > Tolerance)
            .MaxBy(c => c.Increase);
        return new SegmentVerdict(comparisons, failure, Tolerance, settings.MinimumUtterances) { CandidateReports = after };
    }
}
