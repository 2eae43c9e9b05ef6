using System.Globalization;
using System.Text;

namespace ReRanker.Registry;

/// <summary>
/// A PINNED or CANDIDATE file about to be written by the service: what it held before, so that a change the registry
/// then refuses to show is put back exactly as it was.
/// </summary>
internal sealed class VersionPointer
{
    private readonly string _folder;
    private readonly string _fileName;
    private readonly byte[]? _before;

    private VersionPointer(string folder, string fileName, byte[]? before)
    {
        _folder = folder;
        _fileName = fileName;
        _before = before;
    }

    /// <summary>Writes <paramref name="fileName"/> naming <paramref name="version"/> (null: removes it), remembering what was there.</summary>
    public static async Task<VersionPointer> WriteAsync(string folder, string fileName, int? version, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, fileName);
        var read = LocalFile.Read(path, 64);
        var pointer = new VersionPointer(folder, fileName, read.Failure == ReadFailure.None ? read.Bytes : null);
        if (version is { } v)
        {
            await AtomicFile.ReplaceAsync(folder, fileName, Encoding.ASCII.GetBytes(v.ToString(CultureInfo.InvariantCulture) + "\n"), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            AtomicFile.Remove(folder, fileName);
        }

        return pointer;
    }

    /// <summary>Puts back what the file held before (or removes it if there was none).</summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        if (_before is null)
        {
            AtomicFile.Remove(_folder, _fileName);
        }
        else
        {
            await AtomicFile.ReplaceAsync(_folder, _fileName, _before, cancellationToken).ConfigureAwait(false);
        }
    }
}
