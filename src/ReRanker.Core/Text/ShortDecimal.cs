using System.Text.Json;

namespace ReRanker.Core.Text;

/// <summary>
/// Writes a confidence the way System.Text.Json writes a double (the shortest text that reads back as the same
/// double), without the general formatter, when it is 0, 1 or a decimal in [0.0001, 1) with at most nine places,
/// as NLU confidences on the wire almost always are; any other value goes to <see cref="Utf8JsonWriter.WriteNumberValue(double)"/>.
/// Why it is exact: if m / 10⁹ (one correctly rounded division) equals the value, the decimal 0.m reads back as it,
/// and no shorter decimal can, because two decimals of at most nine places are at least 10⁻⁹ apart while doubles
/// below 1 are at most 1.2 × 10⁻¹⁶ apart. Pinned against the general formatter by ShortDecimalTests.
/// </summary>
public static class ShortDecimal
{
    private const double Scale = 1e9;
    private const int Places = 9;

    private static ReadOnlySpan<byte> Pairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    /// <summary>Writes <paramref name="value"/> as the property <paramref name="name"/>, byte for byte as <see cref="Utf8JsonWriter.WriteNumber(JsonEncodedText, double)"/> does.</summary>
    public static void WriteNumber(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> text = stackalloc byte[2 + Places];
        if (TryFormat(value, text, out var length))
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(text[..length], skipInputValidation: true);
        }
        else
        {
            writer.WriteNumber(name, value);
        }
    }

    /// <summary>The shortest round-trip text of <paramref name="value"/> when it is one of the values above; false otherwise.</summary>
    public static bool TryFormat(double value, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < 2 + Places)
        {
            return false;
        }

        if (value == 1.0)
        {
            destination[0] = (byte)'1';
            written = 1;
            return true;
        }

        if (value == 0.0 && !double.IsNegative(value))
        {
            destination[0] = (byte)'0';
            written = 1;
            return true;
        }

        if (!(value >= 1e-4 && value < 1.0))
        {
            return false;
        }

        var scaled = Math.Round(value * Scale);
        if (scaled / Scale != value)
        {
            return false;
        }

        // Below 10⁹, so 32-bit arithmetic; at least 10⁵ (the value is at least 10⁻⁴), so trimming the trailing zeros ends.
        var digits = (uint)scaled;
        var places = Places;
        while (digits % 100 == 0)
        {
            digits /= 100;
            places -= 2;
        }

        if (digits % 10 == 0)
        {
            digits /= 10;
            places--;
        }

        destination[0] = (byte)'0';
        destination[1] = (byte)'.';
        var last = 1 + places;
        for (; last >= 3; last -= 2)
        {
            var pair = (int)(digits % 100) * 2;
            digits /= 100;
            destination[last - 1] = Pairs[pair];
            destination[last] = Pairs[pair + 1];
        }

        if (last == 2)
        {
            destination[2] = (byte)('0' + digits);
        }

        written = 2 + places;
        return true;
    }
}
