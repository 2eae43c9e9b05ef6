using System.Text;
using System.Text.Json;
using ReRanker.Api.Json;

namespace ReRanker.Api.Tests.Rerank;

/// <summary>Repeated names come back as one string; anything the table does not keep is left to the general reader.</summary>
public class NameTableTests
{
    [Fact]
    public void A_name_read_twice_is_the_same_string_with_the_same_text()
    {
        var table = new NameTable();

        var first = Read(table, "\"music_play\"");
        var second = Read(table, "\"music_play\"");

        first.Should().Be("music_play");
        second.Should().BeSameAs(first);
    }

    [Theory]
    [InlineData("\"caf\\u00e9\"")]
    [InlineData("\"café\"")]
    [InlineData("\"a\\\"b\"")]
    [InlineData("\"0123456789012345678901234567890123456789012345678901234567890123456789\"")]
    [InlineData("null")]
    [InlineData("7")]
    public void Escaped_non_ascii_long_or_non_string_tokens_are_left_to_the_general_reader(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();

        new NameTable().TryGet(ref reader, out var name).Should().BeFalse();
        name.Should().BeNull();
    }

    [Fact]
    public void Names_that_share_a_slot_each_read_as_themselves()
    {
        var table = new NameTable();
        var names = Enumerable.Range(0, 20_000).Select(i => $"domain_{i}").ToArray(); // far more names than slots

        foreach (var name in names.Concat(names))
        {
            Read(table, $"\"{name}\"").Should().Be(name);
        }
    }

    private static string? Read(NameTable table, string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        table.TryGet(ref reader, out var name).Should().BeTrue();
        return name;
    }
}
