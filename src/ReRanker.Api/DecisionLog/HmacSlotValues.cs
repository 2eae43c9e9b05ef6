using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ReRanker.Core.Corpus;
using ReRanker.Core.Text;

namespace ReRanker.Api.DecisionLog;

/// <summary>
/// Writes a slot value as <c>hmac:</c> + base64url of the first 16 bytes of HMAC-SHA256(key, UTF-8 value): equal
/// values give equal hashes under one key (all SemER needs), and without the key a value cannot be recovered or
/// checked by guessing. <see cref="KeyId"/> names the key without revealing it.
/// One instance per writer thread (not thread-safe): it keeps one HMAC whose key is set up once, and within a record
/// (<see cref="BeginRecord"/>) hashes each distinct value once, since an n-best list repeats the same values.
/// </summary>
internal sealed class HmacSlotValues : ISlotValueWriter, IDisposable
{
    public const string Prefix = "hmac:";

    private const int HashBytes = 16;

    // "hmac:" + 22 base64url characters, between quotes: written as it is (nothing in it needs escaping).
    private const int QuotedLength = 1 + 5 + 22 + 1;

    // The values of one record remembered for reuse; a record with more distinct values hashes the rest each time.
    private const int RememberedValues = 16;

    // A value longer than this (in UTF-8 bytes) is hashed from a pooled buffer instead of the stack.
    private const int StackLimit = 512;

    private static readonly byte[] KeyIdLabel = "reranker decision-log key id"u8.ToArray();

    private readonly IncrementalHash _hmac;
    private readonly string?[] _values = new string?[RememberedValues];
    private readonly byte[] _quoted = new byte[RememberedValues * QuotedLength];
    private readonly byte[] _overflow = new byte[QuotedLength];
    private int _remembered;

    public HmacSlotValues(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        KeyId = Convert.ToHexStringLower(HMACSHA256.HashData(key, KeyIdLabel).AsSpan(0, 8));
    }

    /// <summary>A public name of the key (HMAC of a fixed label): records with different key ids cannot be compared.</summary>
    public string KeyId { get; }

    /// <summary>Starts a record: values of the previous one are forgotten (no clear value is kept past its record).</summary>
    public void BeginRecord()
    {
        Array.Clear(_values, 0, _remembered);
        _remembered = 0;
    }

    public void WriteValue(JsonLineWriter line, string value)
    {
        ArgumentNullException.ThrowIfNull(line);
        line.Raw(Quoted(value));
    }

    /// <summary>The stored form of <paramref name="value"/> as a string (tests and tools).</summary>
    public string Hash(string value)
    {
        Span<byte> quoted = stackalloc byte[QuotedLength];
        Hash(value, quoted);
        return Encoding.ASCII.GetString(quoted[1..^1]);
    }

    public void Dispose() => _hmac.Dispose();

    private ReadOnlySpan<byte> Quoted(string value)
    {
        for (var i = 0; i < _remembered; i++)
        {
            if (string.Equals(_values[i], value, StringComparison.Ordinal))
            {
                return _quoted.AsSpan(i * QuotedLength, QuotedLength);
            }
        }

        if (_remembered < RememberedValues)
        {
            var slot = _quoted.AsSpan(_remembered * QuotedLength, QuotedLength);
            Hash(value, slot);
            _values[_remembered++] = value;
            return slot;
        }

        // Written out before the next value is hashed, so one buffer serves every value past the remembered ones.
        Hash(value, _overflow);
        return _overflow;
    }

    private void Hash(string value, Span<byte> quoted)
    {
        var length = Encoding.UTF8.GetMaxByteCount(value.Length) <= StackLimit ? StackLimit : Encoding.UTF8.GetByteCount(value);
        byte[]? rented = null;
        var utf8 = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(value, utf8);
            _hmac.AppendData(utf8[..written]);
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            _hmac.GetHashAndReset(mac);
            quoted[0] = (byte)'"';
            "hmac:"u8.CopyTo(quoted[1..]);
            Base64Url.EncodeToUtf8(mac[..HashBytes], quoted[(1 + Prefix.Length)..]);
            quoted[^1] = (byte)'"';
            utf8[..written].Clear();
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }
}
