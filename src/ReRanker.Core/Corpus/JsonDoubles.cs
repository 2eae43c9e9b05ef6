using System.Text.Json;

namespace ReRanker.Core.Corpus;

/// <summary>
/// Writes a double exactly as <see cref="Utf8JsonWriter.WriteNumber(JsonEncodedText, double)"/> does (the shortest
/// text that reads back as the same double), faster for the numbers records mostly hold: confidences and context
/// values in [1e-4, 1e6) with at most <see cref="MaxDecimals"/> decimals, written in fixed notation. Any other value (zero, NaN,
/// very small or large, more decimals) is left to <see cref="Utf8JsonWriter"/>.
/// </summary>
internal static class JsonDoubles
{
    public const int MaxDecimals = 9;

    // Below 1e-4 .NET writes an exponent; below 1e6 the value in billionths (1e15) stays exact in a double.
    private const double Smallest = 1e-4;
    private const double Limit = 1e6;
    private const double Billion = 1e9;

    public static void Write(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        Span<byte> text = stackalloc byte[32];
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

    public static void Write(Utf8JsonWriter writer, string name, double value)
    {
        Span<byte> text = stackalloc byte[32];
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

    /// <summary>
    /// The shortest round-trip text of <paramref name="value"/> in fixed notation, when it has at most
    /// <see cref="MaxDecimals"/> decimals and lies in [1e-4, 1e6) in magnitude; otherwise false.
    /// </summary>
    internal static bool TryFormat(double value, Span<byte> destination, out int written)
    {
        written = 0;
        var magnitude = Math.Abs(value);
        if (!(magnitude >= Smallest && magnitude < Limit) || destination.Length < 32)
        {
            return false;
        }

        // Below 1e6 the value in billionths is under 2^53, so n is exact and n / 1e9 is correctly rounded, as parsing
        // "n·1e-9" is: equal means that text reads back as this double. Without its trailing zeros it has at most 15
        // significant digits, and no other text of as few digits reads back as the same double: it is the shortest.
        var scaled = Math.Round(magnitude * Billion);
        if (scaled / Billion != magnitude)
        {
            return false;
        }

        var n = (long)scaled;
        var decimals = MaxDecimals;
        while (decimals > 0 && n % 10 == 0)
        {
            n /= 10;
            decimals--;
        }

        // The digits, last first; then written out with the point (and leading zeros) where the decimals begin.
        Span<byte> reversed = stackalloc byte[20];
        var count = 0;
        do
        {
            reversed[count++] = (byte)('0' + (n % 10));
            n /= 10;
        }
        while (n > 0);

        if (value < 0)
        {
            destination[written++] = (byte)'-';
        }

        if (count <= decimals)
        {
            destination[written++] = (byte)'0';
            destination[written++] = (byte)'.';
            for (var i = count; i < decimals; i++)
            {
                destination[written++] = (byte)'0';
            }
        }

        for (var i = count - 1; i >= 0; i--)
        {
            destination[written++] = reversed[i];
            if (i == decimals && i > 0)
            {
                destination[written++] = (byte)'.';
            }
        }

        return true;
    }
}
