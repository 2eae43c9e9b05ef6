using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ReRanker.Core.Text;

/// <summary>
/// A JSON line written straight into a reused buffer: the caller copies the constant parts (punctuation and property
/// names, as UTF-8 literals) with <see cref="Raw"/>, and this writes the values byte for byte as
/// <see cref="Utf8JsonWriter"/> would with the same encoder. It exists for the decision log, which writes some 200
/// tokens per request: the general writer's per-token bookkeeping was most of the log's cost (docs/performance.md).
/// Well-formedness is the caller's (Core's tests parse every line it writes). Not thread-safe.
/// </summary>
public sealed class JsonLineWriter(JavaScriptEncoder? encoder = null, int capacity = 4096)
{
    // Printable ASCII that the default encoder leaves as it is (the relaxed one leaves more); a string with any other
    // character is written by Utf8JsonWriter itself (Escaped).
    private static readonly SearchValues<char> Verbatim = SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Where(c => !JavaScriptEncoder.Default.WillEncode(c))]);

    private readonly JavaScriptEncoder? _encoder = encoder;
    private ArrayBufferWriter<byte>? _escapedBuffer;
    private Utf8JsonWriter? _escaper;
    private byte[] _buffer = new byte[Math.Max(capacity, 64)];
    private int _length;

    /// <summary>What was written since the last <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <inheritdoc cref="Written"/>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public void Clear() => _length = 0;

    /// <summary>Copies <paramref name="utf8"/> as it is: punctuation, property names, or a value already in JSON form.</summary>
    public void Raw(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(Reserve(utf8.Length));
        _length += utf8.Length;
    }

    /// <summary>A JSON string; throws ArgumentException for text that is not valid UTF-16 (as Utf8JsonWriter does).</summary>
    public void String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().ContainsAnyExcept(Verbatim))
        {
            Raw(Escaped(value));
            return;
        }

        var span = Reserve(value.Length + 2);
        span[0] = (byte)'"';
        Ascii.FromUtf16(value, span[1..], out var written);
        span[1 + written] = (byte)'"';
        _length += written + 2;
    }

    /// <summary>A number as Utf8JsonWriter writes a double (the shortest text that reads back as it); NaN and infinities throw.</summary>
    public void Number(double value)
    {
        var span = Reserve(32);
        if (!ShortDecimal.TryFormat(value, span, out var written))
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"A JSON number cannot be {value}.", nameof(value));
            }

            Utf8Formatter.TryFormat(value, span, out written);
        }

        _length += written;
    }

    public void Number(long value)
    {
        Utf8Formatter.TryFormat(value, Reserve(20), out var written);
        _length += written;
    }

    public void Boolean(bool value) => Raw(value ? "true"u8 : "false"u8);

    public void Null() => Raw("null"u8);

    /// <summary>A time as Utf8JsonWriter writes one: ISO 8601 ("O"), with the fraction's trailing zeros left out.</summary>
    public void Time(DateTime value)
    {
        var span = Reserve(40);
        span[0] = (byte)'"';
        Utf8Formatter.TryFormat(value, span[1..], out var written, new StandardFormat('O'));
        var text = span.Slice(1, written);
        // "O" always writes seven fraction digits after the seconds (yyyy-MM-ddTHH:mm:ss.fffffff).
        const int Fraction = 20;
        var kept = 7;
        while (kept > 0 && text[Fraction + kept - 1] == (byte)'0')
        {
            kept--;
        }

        var cut = kept == 0 ? 8 : 7 - kept;
        text[(Fraction + 7)..].CopyTo(text[(Fraction + 7 - cut)..]);
        written -= cut;
        span[1 + written] = (byte)'"';
        _length += written + 2;
    }

    // A string that needs escaping (rare in what the service logs) is written by Utf8JsonWriter itself, so escapes,
    // and the refusal of text that is not valid UTF-16, are exactly its own.
    private ReadOnlySpan<byte> Escaped(string value)
    {
        _escapedBuffer ??= new ArrayBufferWriter<byte>(256);
        _escaper ??= new Utf8JsonWriter(_escapedBuffer, new JsonWriterOptions { Encoder = _encoder, SkipValidation = true });
        _escapedBuffer.ResetWrittenCount();
        _escaper.Reset(_escapedBuffer);
        _escaper.WriteStringValue(value);
        _escaper.Flush();
        return _escapedBuffer.WrittenSpan;
    }

    private Span<byte> Reserve(int bytes)
    {
        if (_buffer.Length - _length < bytes)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        }

        return _buffer.AsSpan(_length);
    }
}
