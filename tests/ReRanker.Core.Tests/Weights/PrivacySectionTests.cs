using System.Text.Json.Nodes;
using ReRanker.Core.Weights;
using static ReRanker.Core.Tests.Support.WeightJson;
using static ReRanker.Core.Tests.Weights.WeightFileAssertions;

namespace ReRanker.Core.Tests.Weights;

/// <summary>training.privacy: optional in every schema version, read and written like every other field.</summary>
public class PrivacySectionTests
{
    private static JsonObject Section(double epsilon = 1, double delta = 0) => new()
    {
        ["mechanism"] = "objective-perturbation",
        ["unit"] = "utterance",
        ["epsilon"] = epsilon,
        ["delta"] = delta,
        ["featureNormBound"] = 20,
    };

    [Fact]
    public void A_privacy_section_is_read_and_written_back_byte_for_byte()
    {
        var bytes = With("training.privacy", Section());

        var file = WeightFileSerializer.Read(bytes).File!;

        file.Training.Privacy.Should().Be(new PrivacyInfo("objective-perturbation", 1, 0, 20));
        WeightFileSerializer.Read(WeightFileSerializer.Write(file)).File!.Training.Privacy.Should().Be(file.Training.Privacy);
        System.Text.Encoding.UTF8.GetString(WeightFileSerializer.Write(file)).Should().Contain("\"privacy\": {");
    }

    [Fact]
    public void A_file_without_the_section_still_reads_and_claims_no_privacy()
    {
        var file = WeightFileSerializer.Read(Bytes(Valid())).File!;

        file.Training.Privacy.Should().BeNull();
        System.Text.Encoding.UTF8.GetString(WeightFileSerializer.Write(file)).Should().NotContain("privacy");
    }

    [Theory]
    [InlineData("epsilon", "0")]
    [InlineData("epsilon", "-1")]
    [InlineData("epsilon", "\"Infinity\"")]
    [InlineData("delta", "1")]
    [InlineData("delta", "-0.1")]
    [InlineData("featureNormBound", "0")]
    [InlineData("mechanism", "\"laplace-by-hand\"")]
    public void An_invalid_privacy_field_is_rejected_by_name(string name, string json)
    {
        var section = Section();
        section[name] = Raw(json);

        RejectedFor(With("training.privacy", section), $"training.privacy.{name}");
    }

    [Fact]
    public void A_section_without_epsilon_is_rejected()
    {
        var section = Section();
        section.Remove("epsilon");

        RejectedFor(With("training.privacy", section), "training.privacy.epsilon");
    }
}
