using System.Text;
using System.Text.RegularExpressions;
using ReRanker.Core.Features;
using ReRanker.Core.Weights;
using ReRanker.Tests.Shared;

namespace ReRanker.Core.Tests.Weights;

/// <summary>docs/weights-format.md must stay true: its example is a valid file exactly as the writer writes it.</summary>
public partial class WeightsFormatDocTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "weights-format.md"));

    [Fact]
    public void Every_example_in_the_doc_is_valid_and_written_byte_for_byte_as_shown()
    {
        var examples = JsonBlock().Matches(Doc).Select(m => Encoding.UTF8.GetBytes(m.Groups["json"].Value)).ToArray();

        examples.Should().HaveCount(2, "the doc shows a v1 file and a v2 file with calibration");
        foreach (var example in examples)
        {
            var result = WeightFileSerializer.Read(example);

            result.Errors.Should().BeEmpty();
            WeightFileSerializer.Write(result.File!).Should().Equal(example);
        }

        WeightFileSerializer.Read(examples[1]).File!.Calibration.Should().NotBeNull();
    }

    [Fact]
    public void The_doc_states_the_calibration_limit() =>
        Doc.Should().Contain($"1 to {ScoreCalibration.MaxBins} bins");

    [Fact]
    public void The_doc_defines_every_dense_feature() =>
        FeatureCatalog.HypothesisFeatureNames.Should().OnlyContain(name => Doc.Contains($"| `{name}` |", StringComparison.Ordinal));

    [GeneratedRegex("```json\n(?<json>.*?\n)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
