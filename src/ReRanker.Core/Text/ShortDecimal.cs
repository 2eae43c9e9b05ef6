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

        var digits = (long)scaled;
        destination[0] = (byte)'0';
        destination[1] = (byte)'.';
        for (var i = 1 + Places; i >= 2; i--)
        {
            destination[i] = (byte)('0' + (int)(digits % 10));
            digits /= 10;
        }

        written = 2 + Places;
        while (destination[written - 1] == (byte)'0')
        {
            written--;
        }

        return true;
    }
}
