using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ReRanker.Core.Text;

namespace ReRanker.Core.Tests.Text;

/// <summary>Every value is written byte for byte as Utf8JsonWriter writes it with the same encoder.</summary>
public class JsonLineWriterTests
{
    public static TheoryData<string> Strings()
    {
        var data = new TheoryData<string> { "", "music_play", "mary poppins", "café", "日本語", "a\u2028b", "emoji 🎵", "tab\tand\nnewline", "\u007f", "quote \" and \\ backslash", "unpaired \ud800 surrogate" };
        for (var c = 0; c < 128; c++)
        {
            data.Add($"x{(char)c}y");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Strings))]
    public void A_string_is_escaped_as_Utf8JsonWriter_escapes_it(string value)
    {
        foreach (var encoder in new JavaScriptEncoder?[] { null, JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
        {
            Write(encoder, line => line.String(value)).Should().Be(Reference(encoder, w => w.WriteStringValue(value)), $"encoder {encoder?.GetType().Name ?? "default"}");
        }
    }

    public static TheoryData<double> Doubles() =>
    [
        0.0, -0.0, 1.0, 0.5062, 0.30000000000000004, 0.0001, 0.00001, 1e-7, 0.999999999, 0.9999999999, 20.25, -3.25,
        123456789.123, 1e21, 5e-324, double.MaxValue, double.MinValue,
    ];

    [Theory]
    [MemberData(nameof(Doubles))]
    public void A_double_is_written_as_Utf8JsonWriter_writes_it(double value)
    {
        Write(null, line => line.Number(value)).Should().Be(Reference(null, w => w.WriteNumberValue(value)));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_double_that_is_not_a_json_number_is_refused(double value)
    {
        var act = () => new JsonLineWriter().Number(value);

        act.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(42L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void An_integer_is_written_as_Utf8JsonWriter_writes_it(long value)
    {
        Write(null, line => line.Number(value)).Should().Be(Reference(null, w => w.WriteNumberValue(value)));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1_230_000L)]
    [InlineData(1_234_567L)]
    [InlineData(1_000_000L)]
    [InlineData(10L)]
    [InlineData(9_999_999L)]
    public void A_time_is_written_as_Utf8JsonWriter_writes_it(long ticksIntoTheSecond)
    {
        foreach (var kind in new[] { DateTimeKind.Utc, DateTimeKind.Unspecified })
        {
            var time = new DateTime(2026, 11, 21, 10, 0, 7, kind).AddTicks(ticksIntoTheSecond);

            Write(null, line => line.Time(time)).Should().Be(Reference(null, w => w.WriteStringValue(time)), $"{kind}");
        }
    }

    [Fact]
    public void Literals_and_raw_parts_make_a_line_that_parses()
    {
        var text = Write(null, line =>
        {
            line.Raw("{\"a\":"u8);
            line.Boolean(true);
            line.Raw(",\"b\":"u8);
            line.Null();
            line.Raw(",\"c\":"u8);
            line.Boolean(false);
            line.Raw("}"u8);
        });

        text.Should().Be("{\"a\":true,\"b\":null,\"c\":false}");
    }

    [Fact]
    public void A_line_longer_than_the_initial_capacity_keeps_every_byte()
    {
        var values = Enumerable.Range(0, 500).Select(i => $"value-{i}").ToArray();

        var text = Write(null, line =>
        {
            line.Raw("["u8);
            for (var i = 0; i < values.Length; i++)
            {
                line.Raw(i == 0 ? ""u8 : ","u8);
                line.String(values[i]);
            }

            line.Raw("]"u8);
        }, capacity: 64);

        JsonSerializer.Deserialize<string[]>(text).Should().Equal(values);
    }

    [Fact]
    public void Clear_starts_a_new_line_in_the_same_buffer()
    {
        var line = new JsonLineWriter();
        line.String("first");
        line.Clear();
        line.String("second");

        Encoding.UTF8.GetString(line.Written).Should().Be("\"second\"");
    }

    private static string Write(JavaScriptEncoder? encoder, Action<JsonLineWriter> write, int capacity = 4096)
    {
        var line = new JsonLineWriter(encoder, capacity);
        write(line);
        return Encoding.UTF8.GetString(line.Written);
    }

    private static string Reference(JavaScriptEncoder? encoder, Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = encoder }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
