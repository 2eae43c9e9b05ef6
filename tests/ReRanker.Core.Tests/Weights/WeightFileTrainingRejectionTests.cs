using System.Text;
using System.Text.Json.Nodes;
using ReRanker.Core.Weights;
using static ReRanker.Core.Tests.Support.WeightJson;
using static ReRanker.Core.Tests.Weights.WeightFileAssertions;

namespace ReRanker.Core.Tests.Weights;

public class WeightFileTrainingRejectionTests
{
    [Theory]
    [InlineData("mse")]
    [InlineData("ESE")]
    [InlineData("")]
    public void A_loss_outside_the_known_names_is_rejected(string loss) =>
        RejectedFor(With("training.loss", loss), "training.loss").Single().Message.Should().Contain("ese, ce, combined, handmade");

    [Theory]
    [InlineData("abc")]
    [InlineData("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08")] // upper case
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0")] // 63 digits
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0g")]
    public void A_data_fingerprint_that_is_not_64_lower_case_hex_digits_is_rejected(string sha) =>
        RejectedFor(With("training.dataSha256", sha), "training.dataSha256");

    [Fact]
    public void Handmade_weights_may_carry_a_free_text_data_fingerprint()
    {
        var root = Valid();
        root["training"]!["loss"] = "handmade";
        root["training"]!["dataSha256"] = "none: set by hand";

        WeightFileSerializer.Read(Bytes(root)).IsValid.Should().BeTrue();
    }

    [Theory]
    [InlineData("training.l2", "-0.01")]
    [InlineData("training.ceWeight", "1.5")]
    [InlineData("training.ceWeight", "-0.1")]
    [InlineData("training.trainExamples", "-1")]
    [InlineData("training.trainHypotheses", "2.5")]
    [InlineData("training.heldOutExamples", "\"20\"")]
    [InlineData("training.seed", "4.2")]
    public void Out_of_range_training_numbers_are_rejected(string field, string json) =>
        RejectedFor(With(field, Raw(json)), field);

    [Fact]
    public void A_non_finite_metric_is_rejected_under_its_own_name() =>
        RejectedFor(With("training.metrics", new JsonObject { ["semer"] = "NaN" }), "training.metrics['semer']");

    [Fact]
    public void Metrics_are_optional()
    {
        var result = WeightFileSerializer.Read(Without("training.metrics"));

        result.IsValid.Should().BeTrue();
        result.File!.Training.Metrics.Should().BeEmpty();
    }
}
