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
    public void The_example_in_the_doc_is_valid_and_written_byte_for_byte_as_shown()
    {
        var example = Encoding.UTF8.GetBytes(JsonBlock().Match(Doc).Groups["json"].Value);

        var result = WeightFileSerializer.Read(example);

        result.Errors.Should().BeEmpty();
        WeightFileSerializer.Write(result.File!).Should().Equal(example);
    }

    [Fact]
    public void The_doc_defines_every_dense_feature() =>
        FeatureCatalog.HypothesisFeatureNames.Should().OnlyContain(name => Doc.Contains($"| `{name}` |", StringComparison.Ordinal));

    [GeneratedRegex("```json\n(?<json>.*?\n)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
