using ReRanker.Core.DecisionLog;

namespace ReRanker.Api.DecisionLog;

/// <summary>
/// This replica's segment files in the log folder: the active one (append-only, opened on the first record after a
/// rotation, so there are no empty segments), rotation by size and age, and retention by age and total size over
/// this replica's closed segments. Used by the writer thread only, but for <see cref="ApplyRetention"/>. After an error the caller abandons the active
/// segment and never appends to it again, so a torn line can only ever be a segment's last.
/// </summary>
internal sealed class SegmentFiles(string folder, string replica, DecisionLogOptions options, Func<string, Stream>? open = null) : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly Func<string, Stream> _open = open ?? OpenFile;
    private Stream? _active;
    private int _sequence;

    public string Folder { get; } = folder;

    /// <summary>File name of the active segment, or null between segments.</summary>
    public string? ActiveName { get; private set; }

    public DateTimeOffset? ActiveStart { get; private set; }

    public long ActiveBytes { get; private set; }

    /// <summary>True when a line of <paramref name="length"/> bytes would pass the size limit or the active segment is too old.</summary>
    public bool MustRotate(int length, DateTimeOffset now) =>
        _active is not null && (ActiveBytes + length > options.SegmentMaxBytes || now - ActiveStart >= options.SegmentMaxAge);

    /// <summary>Appends one complete line (record and newline), opening a segment when none is active; the writer rotates first when <see cref="MustRotate"/>.</summary>
    public void Append(ReadOnlySpan<byte> line, DateTimeOffset now)
    {
        _active ??= OpenNext(now);
        _active.Write(line);
        ActiveBytes += line.Length;
    }

    /// <summary>
    /// Writes what is buffered to the file without syncing it, and returns the handle whose fsync
    /// (<see cref="RandomAccess.FlushToDisk"/>) makes it durable; null when there is nothing to sync (no segment, or
    /// a stream that is not a file, whose flush is all there is).
    /// </summary>
    public Microsoft.Win32.SafeHandles.SafeFileHandle? FlushToSystem()
    {
        _active?.Flush();
        return (_active as FileStream)?.SafeFileHandle;
    }

    /// <summary>Writes what is buffered to the file and syncs it to the device (fsync).</summary>
    public void Flush()
    {
        switch (_active)
        {
            case null:
                return;
            case FileStream file:
                file.Flush(flushToDisk: true);
                break;
            default:
                _active.Flush();
                break;
        }
    }

    /// <summary>Flushes, syncs and closes the active segment; the next record starts a new one.</summary>
    public void Close()
    {
        if (_active is null)
        {
            return;
        }

        Flush();
        _active.Dispose();
        Forget();
    }

    /// <summary>After an error: drops the active segment without flushing, never to append to it again.</summary>
    public void Abandon()
    {
        var stream = _active;
        Forget();
        try
        {
            stream?.Dispose();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The bytes that could not be written are the torn last line of that segment; the reader skips it.
        }
    }

    /// <summary>
    /// Deletes this replica's closed segments whose records are all older than the retention age (start + segment
    /// age), then the oldest while their total size (with <paramref name="activeBytes"/> of the active segment) is
    /// over the limit. The segment named <paramref name="activeName"/> and any opened after it (or, with none active,
    /// after <paramref name="now"/>) are never touched, so this may run on another thread than the writer's. Returns
    /// the IO errors met (the rest goes on).
    /// </summary>
    public (int Deleted, List<Exception> Errors) ApplyRetention(DateTimeOffset now, string? activeName, long activeBytes)
    {
        var errors = new List<Exception>();
        var deleted = 0;
        if (!Directory.Exists(Folder))
        {
            return (0, errors);
        }

        // Segment names order by (start, sequence): the first one kept is the active segment, or where the next would start.
        SegmentName.TryParse(activeName ?? SegmentName.Format(replica, now, 0), out _, out var keepStart, out var keepSequence);
        var own = new List<(FileInfo File, DateTimeOffset Start, int Sequence)>();
        foreach (var file in new DirectoryInfo(Folder).EnumerateFiles(SegmentName.Prefix + "*" + SegmentName.Extension))
        {
            if (SegmentName.TryParse(file.Name, out var owner, out var start, out var sequence) && owner == replica
                && (start, sequence).CompareTo((keepStart, keepSequence)) < 0)
            {
                own.Add((file, start, sequence));
            }
        }

        own.Sort((a, b) => (a.Start, a.Sequence).CompareTo((b.Start, b.Sequence)));
        var total = own.Sum(s => s.File.Length) + activeBytes;
        foreach (var (file, start, _) in own)
        {
            if (start + options.SegmentMaxAge >= now - options.RetentionAge && total <= options.RetentionMaxBytes)
            {
                continue;
            }

            try
            {
                var length = file.Length;
                file.Delete();
                total -= length;
                deleted++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(ex);
            }
        }

        return (deleted, errors);
    }

    public void Dispose() => Abandon();

    private Stream OpenNext(DateTimeOffset now)
    {
        Directory.CreateDirectory(Folder);
        for (var attempt = 0; ; attempt++)
        {
            var name = SegmentName.Format(replica, now, _sequence++);
            try
            {
                var stream = _open(Path.Combine(Folder, name));
                ActiveName = name;
                ActiveStart = now;
                ActiveBytes = 0;
                return stream;
            }
            catch (IOException) when (attempt < 100 && File.Exists(Path.Combine(Folder, name)))
            {
                // A segment of that name exists (another process with this replica id, same millisecond): next number.
            }
        }
    }

    private void Forget()
    {
        _active = null;
        ActiveName = null;
        ActiveStart = null;
        ActiveBytes = 0;
    }

    private static FileStream OpenFile(string path)
    {
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read, BufferSize = BufferSize };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        }

        return new FileStream(path, create);
    }
}
