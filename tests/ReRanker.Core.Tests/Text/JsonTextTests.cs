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
    [Theory]
    [InlineData("""{"a":"ok","b":"\ud800"}""", "$.b", JsonText.NotTextMessage)]
    [InlineData("""{"a":[1,"x",{"c":"\udc00"}]}""", "$.a[2].c", JsonText.NotTextMessage)]
    [InlineData("""[{"a":1},{"\ud800":2}]""", "$[1]", JsonText.NameNotTextMessage)]
    [InlineData("""{"\ud800":1}""", "$", JsonText.NameNotTextMessage)]
    [InlineData("""{"k\u0001":"\ud800"}""", "$.k?", JsonText.NotTextMessage)]
    public void The_first_string_that_is_not_text_is_found_by_its_path(string json, string path, string reason)
    {
        JsonText.TryFindNotText(Encoding.UTF8.GetBytes(json), out var foundPath, out var foundReason).Should().BeTrue();

        foundPath.Should().Be(path);
        foundReason.Should().Be(reason);
    }

    [Fact]
    public void Invalid_utf8_in_a_string_is_found_by_its_path_and_named_as_utf8()
    {
        byte[] json = [.. "{\"a\":[\"ok\",\"x"u8, 0xC0, 0xAF, .. "\"]}"u8];

        JsonText.TryFindNotText(json, out var path, out var reason).Should().BeTrue();

        path.Should().Be("$.a[1]");
        reason.Should().Be(JsonText.NotUtf8Message);
    }

    [Theory]
    [InlineData("""{"a":"ok","b":["\ud83c\udfb5"]}""")]
    [InlineData("""{"a":"ok",""")]
    [InlineData("")]
    public void A_document_whose_strings_all_decode_or_that_breaks_first_has_nothing_to_find(string json)
    {
        JsonText.TryFindNotText(Encoding.UTF8.GetBytes(json), out var path, out var reason).Should().BeFalse();

        path.Should().BeNull();
        reason.Should().BeNull();
    }
}
