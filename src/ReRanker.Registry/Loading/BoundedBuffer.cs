namespace ReRanker.Registry;

/// <summary>
/// The one bounded reader of the registry (local files and HTTP bodies): bytes are read into <see cref="Free"/>
/// until the end, and one byte past <c>limit</c> makes <see cref="Advance"/> refuse, whatever the source claimed
/// its length to be. The buffer grows as bytes arrive, so a lying length costs no memory.
/// </summary>
internal sealed class BoundedBuffer(int limit, long expectedLength = 0)
{
    private byte[] _bytes = new byte[(int)Math.Clamp(expectedLength + 1, 1, Math.Min(limit + 1L, 64 * 1024))];

    public int Count { get; private set; }

    /// <summary>Where the next read goes: never more than one byte past the limit in all.</summary>
    public Memory<byte> Free
    {
        get
        {
            if (Count == _bytes.Length)
            {
                Array.Resize(ref _bytes, (int)Math.Min(limit + 1L, _bytes.Length * 2L));
            }

            return _bytes.AsMemory(Count);
        }
    }

    /// <summary>Counts <paramref name="read"/> bytes read into <see cref="Free"/>; false once there are more than the limit.</summary>
    public bool Advance(int read)
    {
        Count += read;
        return Count <= limit;
    }

    public byte[] ToArray() => _bytes.AsSpan(0, Count).ToArray();
}
