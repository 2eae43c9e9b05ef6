using System.Text;
using ReRanker.Core.Text;
using ReRanker.Core.Weights;
using static ReRanker.Core.Tests.Support.WeightJson;

namespace ReRanker.Core.Tests.Weights;

/// <summary>
/// JSON may escape what is not text (an unpaired UTF-16 surrogate, <c>"\ud800"</c>); anywhere in a weight file it is
/// one rejection naming where it is, never an exception (which would abort a registry scan).
/// </summary>
public class WeightFileTextRejectionTests
{
    public static TheoryData<string, string, string> Places => new()
    {
        { "\"domain\":\"music\"", "\"domain\":\"\\ud800\"", "domain" },
        { "\"createdAt\":\"2026-11-21T10:00:00Z\"", "\"createdAt\":\"2026-11-21T10:00:00\\ud800Z\"", "createdAt" },
        { "\"loss\":\"combined\"", "\"loss\":\"\\udfff\"", "training.loss" },
        { "\"trainerVersion\":\"1.0.0\"", "\"trainerVersion\":\"1.0\\ud800\"", "training.trainerVersion" },
        { "\"logit.domainScore\":", "\"logit.\\ud800\":", "weights" },
        { "\"semer\":", "\"sem\\ud800er\":", "training.metrics" },
        { "\"schemaVersion\":1,", "\"schemaVersion\":1,\"note\\ud800\":\"unknown fields too\",", "$" },
        { "\"schemaVersion\":1,", "\"schemaVersion\":1,\"notes\":[\"ok\",\"\\ud800\"],", "notes[1]" },
    };

    [Theory]
    [MemberData(nameof(Places))]
    public void An_unpaired_surrogate_anywhere_is_one_rejection_naming_where_it_is(string valid, string broken, string field)
    {
        var text = Encoding.UTF8.GetString(Bytes(Valid()));
        text.Should().Contain(valid, "the fixture must hit the place it names");

        var result = WeightFileSerializer.Read(Encoding.UTF8.GetBytes(text.Replace(valid, broken, StringComparison.Ordinal)));

        result.IsValid.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.Should().Be(new WeightFileError(field, field is "weights" or "training.metrics" or "$"
            ? $"a property name {JsonText.NotTextMessage}"
            : JsonText.NotTextMessage));
    }

    [Fact]
    public void A_rejected_weight_is_named_by_its_field_and_its_value_is_not_repeated()
    {
        var result = WeightFileSerializer.Read(WithWeight("logit.domainScore", Raw("12345678.9")));

        var error = result.Errors.Should().ContainSingle().Subject;
        error.Field.Should().Be("weights['logit.domainScore']");
        error.Message.Should().NotContain("1234").And.NotContain("1.235");
    }

    [Fact]
    public void A_feature_name_with_control_characters_is_shown_printable()
    {
        var result = WeightFileSerializer.Read(WithWeight("evil\u001b[31mname", Raw("1")));

        result.Errors.Should().ContainSingle().Which.Field.Should().Be("weights['evil?[31mname']");
    }
}
