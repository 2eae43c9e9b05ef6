using System.Globalization;
using System.Text;
using System.Text.Json;
using ReRanker.Core.Text;

namespace ReRanker.Core.Tests.Text;

public sealed class ShortDecimalTests
{
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("v");

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(0.1)]
    [InlineData(0.56269)]
    [InlineData(0.0001)]
    [InlineData(0.00009)]
    [InlineData(0.00001)]
    [InlineData(0.123456789)]
    [InlineData(0.1234567891)]
    [InlineData(0.9999999999)]
    [InlineData(0.999999999)]
    [InlineData(1e-9)]
    [InlineData(0.30000000000000004)]
    [InlineData(1.5)]
    [InlineData(-0.25)]
    [InlineData(double.Epsilon)]
    [InlineData(0.7071067811865476)]
    public void Writes_exactly_what_the_json_writer_writes(double value)
    {
        Written(w => ShortDecimal.WriteNumber(w, Name, value)).Should().Be(Written(w => w.WriteNumber(Name, value)));
    }

    [Fact]
    public void Random_decimals_of_every_length_and_random_doubles_are_written_as_the_json_writer_writes_them()
    {
        var random = new Random(20261201);
        var fast = 0;
        Span<byte> buffer = stackalloc byte[16];
        for (var i = 0; i < 20_000; i++)
        {
            var places = random.Next(1, 12);
            var value = i % 4 == 0
                ? random.NextDouble()
                : double.Parse(random.NextDouble().ToString("F" + places, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            Written(w => ShortDecimal.WriteNumber(w, Name, value)).Should().Be(Written(w => w.WriteNumber(Name, value)), value.ToString("R", CultureInfo.InvariantCulture));
            fast += ShortDecimal.TryFormat(value, buffer, out _) ? 1 : 0;
        }

        fast.Should().BeGreaterThan(10_000, "decimals of up to nine places take the short path");
    }

    [Fact]
    public void Negative_zero_is_written_as_the_json_writer_writes_it()
    {
        Written(w => ShortDecimal.WriteNumber(w, Name, -0.0)).Should().Be(Written(w => w.WriteNumber(Name, -0.0)));
    }

    [Fact]
    public void A_value_that_needs_more_than_nine_places_or_an_exponent_is_left_to_the_general_formatter()
    {
        ShortDecimal.TryFormat(0.1234567891, stackalloc byte[16], out _).Should().BeFalse();
        ShortDecimal.TryFormat(0.00001, stackalloc byte[16], out _).Should().BeFalse();
        ShortDecimal.TryFormat(-0.0, stackalloc byte[16], out _).Should().BeFalse();
        ShortDecimal.TryFormat(0.25, stackalloc byte[4], out _).Should().BeFalse();
    }

    private static string Written(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
