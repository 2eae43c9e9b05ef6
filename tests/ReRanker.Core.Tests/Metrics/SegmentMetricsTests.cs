using ReRanker.Core.Corpus;
using ReRanker.Core.Metrics;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Tests.Shared;

namespace ReRanker.Core.Tests.Metrics;

public class SegmentMetricsTests
{
    private static readonly Lazy<(RequestContext Context, UtteranceOutcome Outcome)[]> Measured = new(() =>
        File.ReadLines(RepoPaths.Corpus("test.jsonl")).Select((line, i) => CorpusReader.ParseLine(line, i + 1))
            .Select(e => (e.Context, Evaluator.Measure(e, Reranker.Rank(e.Hypotheses, e.Context, WeightSet.Empty)))).ToArray());

    [Theory]
    [InlineData(0, "night")]
    [InlineData(5.5, "night")]
    [InlineData(6, "morning")]
    [InlineData(11, "morning")]
    [InlineData(12, "afternoon")]
    [InlineData(18, "evening")]
    [InlineData(23.9, "evening")]
    [InlineData(24, SegmentKey.NotAnHour)]
    [InlineData(-1, SegmentKey.NotAnHour)]
    public void Hour_falls_in_its_documented_bucket(double hour, string bucket)
    {
        SegmentKey.TryParse("hour", out var key).Should().BeTrue();
        key!.ValueOf(Context(("hour", ContextValue.Of(hour))))
            .Should().Be(bucket);
    }

    [Fact]
    public void Any_context_key_segments_by_its_value_and_a_missing_key_is_its_own_segment()
    {
        SegmentKey.TryParse("hasScreen", out var key).Should().BeTrue();
        key!.ValueOf(Context(("hasScreen", ContextValue.Of(true))))
            .Should().Be("true");
        key.ValueOf(Context(("deviceType", ContextValue.Of("car")))).Should().Be(SegmentKey.Missing);
        key.Describe("true").Should().Be("hasScreen=true");
    }

    [Theory]
    [InlineData("")]
    [InlineData("device type")]
    [InlineData("deviceType=car")]
    [InlineData(null)]
    public void A_segment_key_that_is_not_a_context_key_is_refused(string? text) =>
        SegmentKey.TryParse(text, out _).Should().BeFalse();

    [Fact]
    public void Outcomes_re_added_give_the_same_report_as_the_rankings()
    {
        var fromRankings = new Evaluator();
        var fromOutcomes = new Evaluator();
        foreach (var example in File.ReadLines(RepoPaths.Corpus("test.jsonl")).Take(200).Select((line, i) => CorpusReader.ParseLine(line, i + 1)))
        {
            var ranking = Reranker.Rank(example.Hypotheses, example.Context, WeightSet.Empty);
            fromRankings.Add(example, ranking);
            fromOutcomes.Add(Evaluator.Measure(example, ranking));
        }

        fromOutcomes.Build().Should().BeEquivalentTo(fromRankings.Build());
    }

    [Fact]
    public void Segments_partition_the_whole_and_their_intervals_hold_the_point_figure()
    {
        SegmentKey.TryParse("deviceType", out var key).Should().BeTrue();

        var report = SegmentMetrics.Build(key!, Measured.Value, new BootstrapOptions(400, Seed: 3));

        report.Segments.Select(s => s.Value).Should().Equal("car", "phone", "screen", "speaker", "tv");
        report.Segments.Sum(s => s.Metrics.Utterances).Should().Be(903);
        report.Segments.Sum(s => s.Metrics.Semer * s.Metrics.Utterances).Should().BeApproximately(report.Overall.Semer * 903, 1e-9);
        foreach (var s in report.Segments)
        {
            s.Semer.Low.Should().BeLessThanOrEqualTo(s.Metrics.Semer).And.BeLessThan(s.Semer.High, s.Value);
            s.Semer.High.Should().BeGreaterThanOrEqualTo(s.Metrics.Semer);
            s.Irer.Low.Should().BeLessThanOrEqualTo(s.Metrics.Irer);
            s.Irer.High.Should().BeGreaterThanOrEqualTo(s.Metrics.Irer);
        }

        var worst = report.Segments.Where(s => s.Metrics.Utterances >= report.MinimumUtterances).MaxBy(s => s.Metrics.Semer)!;
        report.WorstSegment.Should().Be(worst.Value);
        report.WorstGap.Should().Be(worst.Metrics.Semer - report.Overall.Semer).And.BePositive();
    }

    [Fact]
    public void The_bootstrap_is_fixed_by_its_seed_and_moves_with_it()
    {
        SegmentKey.TryParse("hour", out var key).Should().BeTrue();

        var first = SegmentMetrics.Build(key!, Measured.Value, new BootstrapOptions(200, Seed: 7));
        var again = SegmentMetrics.Build(key!, Measured.Value, new BootstrapOptions(200, Seed: 7));
        var other = SegmentMetrics.Build(key!, Measured.Value, new BootstrapOptions(200, Seed: 8));

        again.Should().BeEquivalentTo(first);
        other.Segments.Select(s => s.Semer).Should().NotEqual(first.Segments.Select(s => s.Semer));
    }

    [Fact]
    public void A_wider_confidence_gives_a_wider_interval()
    {
        SegmentKey.TryParse("deviceType", out var key).Should().BeTrue();

        var narrow = SegmentMetrics.Build(key!, Measured.Value, new BootstrapOptions(500, 1, 0.5)).Segments[0].Semer;
        var wide = SegmentMetrics.Build(key!, Measured.Value, new BootstrapOptions(500, 1, 0.99)).Segments[0].Semer;

        (wide.High - wide.Low).Should().BeGreaterThan(narrow.High - narrow.Low);
    }

    private static RequestContext Context(params (string Key, ContextValue Value)[] entries) =>
        new(entries.Select(e => KeyValuePair.Create(e.Key, e.Value)));
}
