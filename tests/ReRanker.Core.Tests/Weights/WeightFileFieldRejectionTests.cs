using System.Text.Json.Nodes;
using ReRanker.Core.Weights;
using static ReRanker.Core.Tests.Support.WeightJson;
using static ReRanker.Core.Tests.Weights.WeightFileAssertions;

namespace ReRanker.Core.Tests.Weights;

/// <summary>One broken field at a time; each rejection must name the field so an upload can be fixed.</summary>
public class WeightFileFieldRejectionTests
{
    public static TheoryData<string> RequiredFields =>
    [
        "schemaVersion", "domain", "version", "bias", "weights", "createdAt", "training",
        "training.loss", "training.l2", "training.dataSha256",
        "training.trainExamples", "training.trainHypotheses", "training.heldOutExamples",
    ];

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void A_missing_required_field_is_named(string field) =>
        RejectedFor(Without(field), field).Should().ContainSingle().Which.Message.Should().Contain("required");

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void A_required_field_set_to_null_counts_as_missing(string field) =>
        RejectedFor(With(field, null), field).Should().ContainSingle().Which.Message.Should().Contain("required");

    [Fact]
    public void An_unknown_schema_version_is_the_only_error_reported()
    {
        var result = WeightFileSerializer.Read(With("schemaVersion", 3));

        // Nothing else in a format this reader does not know can be judged.
        result.Errors.Should().ContainSingle().Which.Should().Be(
            new WeightFileError("schemaVersion", "unknown schema version 3; this reader knows 1 and 2"));
    }

    [Theory]
    [InlineData("Music")]
    [InlineData("../music")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("-music")]
    [InlineData("music\n")]
    public void A_domain_outside_the_name_pattern_is_rejected(string domain) =>
        RejectedFor(With("domain", domain), "domain").Single().Message.Should().Contain("does not match");

    [Fact]
    public void A_domain_of_65_characters_is_rejected_and_64_is_accepted()
    {
        RejectedFor(With("domain", new string('a', 65)), "domain");
        WeightFileSerializer.Read(With("domain", new string('a', 64))).IsValid.Should().BeTrue();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("1.5")]
    [InlineData("3000000000")]
    [InlineData("\"2\"")]
    [InlineData("true")]
    public void A_version_that_is_not_a_positive_integer_is_rejected(string json) =>
        RejectedFor(With("version", Raw(json)), "version");

    [Theory]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1000000.5")]
    [InlineData("-2e6")]
    public void A_non_finite_or_absurd_bias_is_rejected(string json) =>
        RejectedFor(With("bias", Raw(json)), "bias");

    [Theory]
    [InlineData("\"NaN\"", "finite")]
    [InlineData("\"Infinity\"", "finite")]
    [InlineData("\"-Infinity\"", "finite")]
    [InlineData("1e400", "finite")]
    [InlineData("1000001", "exceeds")]
    [InlineData("-1e7", "exceeds")]
    [InlineData("null", "finite")]
    [InlineData("[1]", "finite")]
    public void A_non_finite_or_absurd_weight_is_rejected(string json, string reason) =>
        RejectedFor(WithWeight("logit.intentScore", Raw(json)), "weights['logit.intentScore']")
            .Single().Message.Should().Contain(reason);

    [Fact]
    public void A_weight_of_exactly_one_million_is_accepted() =>
        WeightFileSerializer.Read(WithWeight("logit.intentScore", -1e6)).IsValid.Should().BeTrue();

    [Theory]
    [InlineData("logit.domainscore")]
    [InlineData("bias")]
    [InlineData("context.")]
    [InlineData("deviceType=speaker")]
    public void An_unknown_feature_name_is_rejected(string name) =>
        RejectedFor(WithWeight(name, 1), $"weights['{name}']").Single().Message.Should().Be("unknown feature name");

    [Fact]
    public void A_repeated_weight_name_is_rejected_as_duplicate()
    {
        var text = System.Text.Encoding.UTF8.GetString(Bytes(Valid()))
            .Replace("\"slots.none\":-0.25", "\"slots.none\":-0.25,\"slots.none\":1", StringComparison.Ordinal);

        RejectedFor(System.Text.Encoding.UTF8.GetBytes(text), "weights['slots.none']").Single().Message.Should().Be("duplicate feature");
    }

    [Theory]
    [InlineData("domain", "5", "must be a string, not a number")]
    [InlineData("bias", "\"0.5\"", "must be a number, not a string")]
    [InlineData("weights", "[]", "must be a object, not a array")]
    [InlineData("createdAt", "20261121", "must be a string, not a number")]
    [InlineData("training", "\"ce\"", "must be a object, not a string")]
    [InlineData("training.metrics", "[0.4]", "must be an object")]
    [InlineData("training.trainerVersion", "1", "must be a string")]
    public void A_field_of_the_wrong_type_names_the_expected_type(string field, string json, string message) =>
        RejectedFor(With(field, Raw(json)), field).Single().Message.Should().Contain(message);

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("21/11/2026 10:00")]
    [InlineData("")]
    public void A_created_at_that_is_not_an_iso_8601_instant_is_rejected(string createdAt) =>
        RejectedFor(With("createdAt", createdAt), "createdAt");
}
