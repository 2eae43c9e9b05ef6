using System.Text;
using System.Text.Json;
using ReRanker.Core.Corpus;
using ReRanker.Tests.Shared;

namespace ReRanker.Core.Tests.Corpus;

/// <summary>The fast double writer writes the very text Utf8JsonWriter writes, so records and corpus files keep their bytes.</summary>
public class JsonDoublesTests
{
    [Theory]
    [InlineData(0.39314)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(19.0)]
    [InlineData(20.25)]
    [InlineData(-0.75)]
    [InlineData(0.0001)]
    [InlineData(0.00012345)]
    [InlineData(0.00009999)]
    [InlineData(0.1 + 0.2)]
    [InlineData(1.0 / 3)]
    [InlineData(123456.123456789)]
    [InlineData(999999.0)]
    [InlineData(999999.5)]
    [InlineData(999999.123456789)]
    [InlineData(0.000123456789)]
    [InlineData(100.0)]
    [InlineData(0.1)]
    [InlineData(0.01)]
    [InlineData(1e9)]
    [InlineData(12345678.123456789)]
    [InlineData(0.0)]
    [InlineData(-0.0001)]
    [InlineData(1e-300)]
    [InlineData(double.MaxValue)]
    [InlineData(double.Epsilon)]
    public void A_value_is_written_as_Utf8JsonWriter_writes_it(double value) =>
        Written(value, fast: true).Should().Be(Written(value, fast: false));

    [Fact]
    public void Every_number_of_the_corpus_is_written_as_Utf8JsonWriter_writes_it()
    {
        var numbers = new HashSet<double>();
        foreach (var file in new[] { "train.jsonl", "test.jsonl" })
        {
            foreach (var line in File.ReadLines(RepoPaths.Corpus(file)).Take(2000))
            {
                using var document = JsonDocument.Parse(line);
                Collect(document.RootElement, numbers);
            }
        }

        numbers.Should().HaveCountGreaterThan(1000);
        numbers.Where(v => Written(v, fast: true) != Written(v, fast: false)).Should().BeEmpty();
    }

    [Fact]
    public void Random_decimals_and_random_doubles_are_written_as_Utf8JsonWriter_writes_them()
    {
        var random = new Random(20261201);
        var mismatches = new List<double>();
        for (var i = 0; i < 200_000; i++)
        {
            // Short decimals over every scale the fast path takes, then arbitrary bit patterns (most take the general path).
            var decimals = random.Next(0, 12);
            var value = i % 4 == 3
                ? BitConverter.Int64BitsToDouble(random.NextInt64())
                : Math.Round((random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-5, 10)), Math.Min(decimals, 15));
            if (double.IsFinite(value) && Written(value, fast: true) != Written(value, fast: false))
            {
                mismatches.Add(value);
            }
        }

        mismatches.Should().BeEmpty();
    }

    [Fact]
    public void Values_outside_the_fast_range_are_left_to_Utf8JsonWriter()
    {
        Span<byte> text = stackalloc byte[32];
        JsonDoubles.TryFormat(0.00001, text, out _).Should().BeFalse("below 1e-4 .NET writes an exponent");
        JsonDoubles.TryFormat(1e6, text, out _).Should().BeFalse();
        JsonDoubles.TryFormat(0.0, text, out _).Should().BeFalse();
        JsonDoubles.TryFormat(1.0 / 3, text, out _).Should().BeFalse("it needs more than nine decimals");
        JsonDoubles.TryFormat(0.39314, text, out var length).Should().BeTrue();
        Encoding.ASCII.GetString(text[..length]).Should().Be("0.39314");
    }

    private static string Written(double value, bool fast)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            if (fast)
            {
                JsonDoubles.Write(writer, JsonEncodedText.Encode("a"), value);
                JsonDoubles.Write(writer, "b", value);
            }
            else
            {
                writer.WriteNumber(JsonEncodedText.Encode("a"), value);
                writer.WriteNumber("b", value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Collect(JsonElement element, HashSet<double> numbers)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                numbers.Add(element.GetDouble());
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, numbers);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, numbers);
                }

                break;
        }
    }
}
