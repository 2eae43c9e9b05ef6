using Microsoft.Extensions.Logging;
using ReRanker.Core.Weights;

namespace ReRanker.Api.Registry;

/// <summary>
/// The admin upload for the local source: validates, numbers the file max(existing)+1, writes it to a temp file in
/// the domain folder (a name the scanner ignores), fsyncs, renames it into place atomically, and rescans under the
/// manager's write lock so the next request is served by it.
/// </summary>
internal sealed class WeightPublisher(
    WeightRegistryManager manager, IWeightSource source, ILogger<WeightPublisher> logger) : IWeightPublisher
{
    private const int MaxNumberingAttempts = 5;

    public async Task<PublishResult> PublishAsync(string domain, ReadOnlyMemory<byte> weightFile, CancellationToken cancellationToken)
    {
        if (source is not LocalDirectorySource local)
        {
            return Refused("source", $"publishing is only available with the local source ({RegistryOptions.SectionName}:Source=local); this registry reads {source.Description}");
        }

        var read = WeightFileLoader.ValidateUpload(weightFile.Span, domain);
        if (!read.IsValid)
        {
            return new PublishResult(null, read.Errors);
        }

        return await manager.RunExclusiveAsync(
            async ct =>
            {
                try
                {
                    return await WriteAndLoadAsync(local, read.File!, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // A read-only mount (a ConfigMap) or a file where the folder should be: a clear refusal, not a 500.
                    return Refused("source", $"the registry folder cannot be written: {ex.Message}");
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<PublishResult> WriteAndLoadAsync(LocalDirectorySource local, WeightFile file, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(local.Root, file.Domain);
        var realRoot = RealPath.Resolve(local.Root);
        if (realRoot is null)
        {
            return Refused("source", $"the registry folder '{local.Root}' does not exist");
        }

        Directory.CreateDirectory(folder);
        var realFolder = RealPath.Resolve(folder);
        if (realFolder is null || !RealPath.IsInside(realFolder, realRoot))
        {
            return Refused("domain", "the domain's folder resolves outside the registry root");
        }

        // Another writer (a CI job) may take the same number between listing and rename: renumber and try again.
        for (var attempt = 0; attempt < MaxNumberingAttempts; attempt++)
        {
            var version = LocalLayout.VersionsOnDisk(realFolder).DefaultIfEmpty(0).Max() + 1;
            var bytes = WeightFileSerializer.Write(file with { Version = version });
            var target = Path.Combine(realFolder, RegistryLayout.VersionFileName(version));
            if (await TryWriteAtomicallyAsync(realFolder, target, bytes, cancellationToken).ConfigureAwait(false))
            {
                RegistryLog.Published(logger, file.Domain, version, target);
                await manager.ScanLockedAsync(cancellationToken).ConfigureAwait(false);
                return new PublishResult(version, []);
            }
        }

        return Refused("version", "another writer kept taking the next version number; try again");
    }

    private static async Task<bool> TryWriteAtomicallyAsync(string folder, string target, byte[] bytes, CancellationToken cancellationToken)
    {
        // ".upload-<guid>.tmp" never matches <int>.json, so a scan never sees the partial file.
        var temp = Path.Combine(folder, $".upload-{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            if (File.Exists(target))
            {
                return false;
            }

            File.Move(temp, target, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            return false;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static PublishResult Refused(string field, string message) => new(null, [new WeightFileError(field, message)]);
}
