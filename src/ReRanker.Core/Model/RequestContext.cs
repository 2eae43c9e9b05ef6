namespace ReRanker.Core.Model;

/// <summary>Device and session context of a request: a flat map of key to string, boolean or number.</summary>
public sealed class RequestContext
{
    private readonly KeyValuePair<string, ContextValue>[] _entries;

    public RequestContext(IEnumerable<KeyValuePair<string, ContextValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        // Ordinal order so that feature extraction and serialisation are deterministic.
        _entries = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
    }

    public static RequestContext Empty { get; } = new([]);

    /// <summary>The entries in ordinal key order.</summary>
    public IReadOnlyList<KeyValuePair<string, ContextValue>> Entries => _entries;

    internal ReadOnlySpan<KeyValuePair<string, ContextValue>> Span => _entries;

    public int Count => _entries.Length;
}
