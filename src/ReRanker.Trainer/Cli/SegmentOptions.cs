using System.CommandLine;
using ReRanker.Core.Metrics;
using ReRanker.Trainer.Segments;

namespace ReRanker.Trainer.Cli;

/// <summary>The segment options shared by <c>evaluate</c> and <c>gate</c>.</summary>
internal sealed class SegmentOptions
{
    private readonly Option<string[]> _segment = new("--segment")
    {
        Description = $"Report per value of this context key (repeatable), e.g. deviceType, hasScreen, or hour ({SegmentKey.HourBucketsText}).",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<int> _minimum = new("--min-segment")
    {
        Description = "Segments with fewer utterances are shown but never called the worst (and the gate does not judge them).",
        DefaultValueFactory = _ => SegmentMetrics.DefaultMinimumUtterances,
    };

    private readonly Option<int> _bootstrap = new("--bootstrap")
    {
        Description = "Bootstrap resamples of each segment's utterances for the 95 % intervals.",
        DefaultValueFactory = _ => BootstrapOptions.DefaultResamples,
    };

    private readonly Option<int> _seed = new("--bootstrap-seed") { Description = "Seed of the bootstrap.", DefaultValueFactory = _ => 1 };

    public IEnumerable<Option> All => [_segment, _minimum, _bootstrap, _seed];

    public SegmentSettings Read(ParseResult parse) =>
        SegmentSettings.Parse(parse.GetValue(_segment) ?? [], parse.GetValue(_minimum), parse.GetValue(_bootstrap), parse.GetValue(_seed));
}
