using System.Text;
using System.Text.Json;
using ReRanker.Core.Text;

namespace ReRanker.Core.Tests.Text;

public class JsonTextTests
{
    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"\\udc00\"")]
    [InlineData("\"a\\ud800b\"")]
    [InlineData("\"\\ud800\\ud800\"")]
    public void A_string_with_an_unpaired_surrogate_escape_is_not_text(string json)
    {
        using var document = JsonDocument.Parse(json);

        JsonText.TryGetString(document.RootElement, out var value).Should().BeFalse();
        value.Should().BeNull();
    }

    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"\\ud83c\\udfb5\"", "🎵")]
    [InlineData("\"\"", "")]
    [InlineData("\"tab\\there\"", "tab\there")]
    public void A_string_that_decodes_is_returned(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);

        JsonText.TryGetString(document.RootElement, out var value).Should().BeTrue();
        value.Should().Be(expected);
    }

    [Fact]
    public void A_non_string_value_is_not_a_string()
    {
        using var document = JsonDocument.Parse("12");

        JsonText.TryGetString(document.RootElement, out _).Should().BeFalse();
    }

    [Fact]
    public void A_property_name_with_an_unpaired_surrogate_escape_is_not_text()
    {
        using var document = JsonDocument.Parse("{\"\\ud800\":1,\"ok\":2}");
        var properties = document.RootElement.EnumerateObject().ToArray();

        JsonText.TryGetName(properties[0], out _).Should().BeFalse();
        JsonText.TryGetName(properties[1], out var name).Should().BeTrue();
        name.Should().Be("ok");
    }

    [Fact]
    public void The_serializers_refusal_to_decode_is_recognised_and_other_errors_are_not()
    {
        var notText = Record.Exception(() => JsonSerializer.Deserialize<Dictionary<string, string>>("{\"a\":\"\\ud800\"}"));
        var wrongType = Record.Exception(() => JsonSerializer.Deserialize<Dictionary<string, string>>("{\"a\":1}"));

        notText.Should().BeOfType<JsonException>();
        JsonText.IsNotText(notText).Should().BeTrue();
        JsonText.IsNotText(wrongType).Should().BeFalse();
        JsonText.IsNotText(null).Should().BeFalse();
    }

    [Theory]
    [InlineData("name", false)]
    [InlineData("new\nline", true)]
    [InlineData("nul\0", true)]
    [InlineData("del\u007f", true)]
    [InlineData("café 🎵", false)]
    public void Control_characters_are_found(string text, bool expected) =>
        JsonText.HasControlCharacter(text).Should().Be(expected);

    [Fact]
    public void Printable_replaces_control_characters_and_lone_surrogates_and_clips()
    {
        JsonText.Printable("a\nb\ud800c🎵").Should().Be("a?b?c🎵");
        JsonText.Printable(new string('x', 70), 64).Should().Be(new string('x', 64) + "…");
        JsonText.Printable("\udc00").Should().Be("?");
        Encoding.UTF8.GetByteCount(JsonText.Printable("\ud800")).Should().Be(1);
    }
}
