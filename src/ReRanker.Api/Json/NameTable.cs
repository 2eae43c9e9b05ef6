using System.Text;
using System.Text.Json;

namespace ReRanker.Api.Json;

/// <summary>
/// One string per name that repeats across requests (domains, intents, slot names): a request's names then cost no
/// allocation, and whoever reads them after the request (the decision log's writer, on another core) finds strings
/// every request shares instead of the request's fresh ones, which it read from the other core's cache. Direct-mapped
/// and fixed in size, so names that never repeat, or a flood of made-up ones, only replace each other; without locks
/// (a slot holds an immutable string, and a race only replaces it). Only short ASCII names without escapes are kept:
/// their string is exactly what <see cref="Utf8JsonReader.GetString"/> would give.
/// </summary>
internal sealed class NameTable
{
    private const int Slots = 4096;
    private const int MaxBytes = 64;

    private readonly string?[] _names = new string?[Slots];

    public static NameTable Shared { get; } = new();

    /// <summary>The string token <paramref name="reader"/> is on, from the table when it is a name it keeps; false when it is not a string the table can answer (the caller reads it the general way).</summary>
    public bool TryGet(ref Utf8JsonReader reader, out string? name)
    {
        name = null;
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxBytes)
        {
            return false;
        }

        var utf8 = reader.ValueSpan;
        var hash = new HashCode();
        hash.AddBytes(utf8);
        ref var slot = ref _names[hash.ToHashCode() & (Slots - 1)];
        var kept = Volatile.Read(ref slot);
        if (kept is not null && kept.Length == utf8.Length && Ascii.Equals(utf8, kept))
        {
            name = kept;
            return true;
        }

        if (!Ascii.IsValid(utf8))
        {
            return false;
        }

        name = Encoding.ASCII.GetString(utf8);
        Volatile.Write(ref slot, name);
        return true;
    }
}
