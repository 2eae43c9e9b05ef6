using System.Text;
using ReRanker.Core.Weights;
using static ReRanker.Core.Tests.Support.WeightJson;
using static ReRanker.Core.Tests.Weights.WeightFileAssertions;

namespace ReRanker.Core.Tests.Weights;

/// <summary>Rejections of the document as a whole, reported on the root field "$".</summary>
public class WeightFileDocumentRejectionTests
{
    [Fact]
    public void A_file_over_one_mebibyte_is_rejected_before_parsing()
    {
        var root = Valid();
        root["padding"] = new string('x', WeightFile.MaxBytes);

        RejectedFor(Bytes(root), "$").Single().Message.Should().Contain("the limit is 1048576");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("weights: 1")]
    [InlineData("{\"schemaVersion\": 1,}")]
    public void Text_that_is_not_json_is_rejected(string text) =>
        RejectedFor(Encoding.UTF8.GetBytes(text), "$").Single().Message.Should().StartWith("not valid JSON");

    [Theory]
    [InlineData("[]")]
    [InlineData("1")]
    [InlineData("\"music\"")]
    [InlineData("null")]
    public void A_root_that_is_not_an_object_is_rejected(string text) =>
        RejectedFor(Encoding.UTF8.GetBytes(text), "$").Single().Message.Should().Be("must be a JSON object");

    [Fact]
    public void Deeply_nested_json_is_rejected_as_not_valid()
    {
        var root = Valid();
        root["nested"] = System.Text.Json.Nodes.JsonNode.Parse(new string('[', 40) + new string(']', 40));

        RejectedFor(Bytes(root), "$");
    }

    [Fact]
    public void Every_error_in_a_file_is_reported_together()
    {
        var root = Valid();
        root["domain"] = "Music";
        root["version"] = 0;
        root["weights"]!["no.such.feature"] = 1;
        root["weights"]!["logit.slotScore"] = "NaN";
        root["training"]!["loss"] = "mse";
        root.Remove("createdAt");

        var result = WeightFileSerializer.Read(Bytes(root));

        result.Errors.Select(e => e.Field).Should().BeEquivalentTo(
            "domain", "version", "weights['no.such.feature']", "weights['logit.slotScore']", "createdAt", "training.loss");
        result.Describe().Should().Contain("; ").And.Contain("domain: ").And.Contain("training.loss: ");
    }

    [Fact]
    public void A_very_long_unknown_feature_name_is_truncated_in_the_field()
    {
        var name = "x" + new string('y', 500);

        var field = WeightFileSerializer.Read(WithWeight(name, 1)).Errors.Single().Field;

        field.Length.Should().BeLessThan(100);
        field.Should().StartWith("weights['xyyy").And.EndWith("…']");
    }
}
