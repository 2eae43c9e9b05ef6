using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReRanker.Core.Corpus;

namespace ReRanker.Api.DecisionLog;

/// <summary>
/// Writes a slot value as <c>hmac:</c> + base64url of the first 16 bytes of HMAC-SHA256(key, UTF-8 value): equal
/// values give equal hashes under one key (all SemER needs), and without the key a value cannot be recovered or
/// checked by guessing. <see cref="KeyId"/> names the key without revealing it.
/// </summary>
internal sealed class HmacSlotValues : ISlotValueWriter
{
    public const string Prefix = "hmac:";

    private const int HashBytes = 16;

    // A value longer than this (in UTF-8 bytes) is hashed from a pooled buffer instead of the stack.
    private const int StackLimit = 1024;

    private static readonly byte[] KeyIdLabel = "reranker decision-log key id"u8.ToArray();

    private readonly byte[] _key;

    public HmacSlotValues(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        KeyId = Convert.ToHexStringLower(HMACSHA256.HashData(key, KeyIdLabel).AsSpan(0, 8));
    }

    /// <summary>A public name of the key (HMAC of a fixed label): records with different key ids cannot be compared.</summary>
    public string KeyId { get; }

    public void WriteValue(Utf8JsonWriter writer, JsonEncodedText name, string value)
    {
        Span<char> text = stackalloc char[Prefix.Length + 22];
        Hash(value, text);
        writer.WriteString(name, text);
    }

    /// <summary>The stored form of <paramref name="value"/> as a string (tests and tools).</summary>
    public string Hash(string value)
    {
        Span<char> text = stackalloc char[Prefix.Length + 22];
        Hash(value, text);
        return new string(text);
    }

    private void Hash(string value, Span<char> text)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        byte[]? rented = null;
        var utf8 = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(value, utf8);
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(_key, utf8[..written], mac);
            Prefix.CopyTo(text);
            Base64Url.EncodeToChars(mac[..HashBytes], text[Prefix.Length..]);
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
