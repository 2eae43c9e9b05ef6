using System.Text.RegularExpressions;

namespace ReRanker.Registry;

/// <summary>
/// The one way a version file is written into a registry folder, by the publisher and by the trainer: the bytes go to
/// a temporary name the scanner ignores, are flushed to disk, and the file appears under its real name in one step,
/// never replacing an existing version. The folder is flushed too, so the new name survives a power cut.
/// </summary>
public static partial class AtomicFile
{
    /// <summary>A temporary file this old was left by a write that was interrupted; the scanner removes it.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    /// <summary>True for the temporary names this writer uses (<c>.upload-&lt;32 hex digits&gt;.tmp</c>).</summary>
    public static bool IsTemporaryName(string fileName) => fileName is not null && TemporaryName().IsMatch(fileName);

    /// <summary>
    /// Writes <paramref name="bytes"/> as <paramref name="folder"/>/<paramref name="fileName"/>. False when that name
    /// exists already (nothing is written then); I/O failures (a full disk, a read-only folder) are thrown, and leave
    /// nothing behind.
    /// </summary>
    public static async Task<bool> TryCreateAsync(string folder, string fileName, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(fileName);
        var target = Path.Combine(folder, fileName);
        var temporary = Path.Combine(folder, $".upload-{Guid.NewGuid():N}.tmp");
        try
        {
            await WriteFlushedAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
            if (File.Exists(target))
            {
                return false;
            }

            // Without overwrite, .NET moves by link(2) and unlink(2): a name that exists makes it fail, never replace.
            File.Move(temporary, target, overwrite: false);
            LocalFile.FlushFolder(folder);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            return false;
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> as <paramref name="folder"/>/<paramref name="fileName"/>, replacing what is there in
    /// one rename (PINNED, CANDIDATE: small files a reader must see whole or not at all). I/O failures are thrown.
    /// </summary>
    public static async Task ReplaceAsync(string folder, string fileName, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(fileName);
        var temporary = Path.Combine(folder, $".upload-{Guid.NewGuid():N}.tmp");
        try
        {
            await WriteFlushedAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, Path.Combine(folder, fileName), overwrite: true);
            LocalFile.FlushFolder(folder);
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    /// <summary>Removes <paramref name="folder"/>/<paramref name="fileName"/> if it is there; true when it was.</summary>
    public static bool Remove(string folder, string fileName)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var path = Path.Combine(folder, fileName);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        LocalFile.FlushFolder(folder);
        return true;
    }

    // A new file with the bytes, flushed to disk before it is given its real name.
    private static async Task WriteFlushedAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary name is never read, and the scanner removes it once abandoned.
        }
    }

    [GeneratedRegex("^\\.upload-[0-9a-f]{32}\\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();
}
