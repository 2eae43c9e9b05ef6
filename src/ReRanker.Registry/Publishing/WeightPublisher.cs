using Microsoft.Extensions.Logging;
using ReRanker.Core.Weights;

namespace ReRanker.Registry;

/// <summary>
/// The admin upload for the local source: validates (<see cref="WeightFileLoader.ValidateUpload"/>), refuses a pinned
/// domain (the new version would not be served), numbers the file after every version number in use
/// (<see cref="RegistryLayout.NextVersion"/>, the scanner's own rule), writes it with <see cref="AtomicFile"/>, rescans
/// under the manager's write lock and answers success only when the new version is served. Whatever fails, nothing
/// half-made stays: no file, no new empty domain folder.
/// </summary>
internal sealed partial class WeightPublisher(
    WeightRegistryManager manager, IWeightSource source, ILogger<WeightPublisher> logger) : IWeightPublisher
{
    private const int MaxNumberingAttempts = 5;

    public Task<PublishResult> PublishAsync(string domain, ReadOnlyMemory<byte> weightFile, CancellationToken cancellationToken) =>
        PublishAsync(domain, weightFile, asCandidate: false, cancellationToken);

    public Task<PublishResult> PublishCandidateAsync(string domain, ReadOnlyMemory<byte> weightFile, CancellationToken cancellationToken) =>
        PublishAsync(domain, weightFile, asCandidate: true, cancellationToken);

    private async Task<PublishResult> PublishAsync(string domain, ReadOnlyMemory<byte> weightFile, bool asCandidate, CancellationToken cancellationToken)
    {
        if (source is not ILocalWeightSource local)
        {
            return PublishResult.Refused(PublishFailure.Conflict, "source",
                $"publishing is only available with the local source ({RegistryOptions.SectionName}:Source=local); this registry reads {source.Description}");
        }

        var read = WeightFileLoader.ValidateUpload(weightFile.Span, domain);
        if (!read.IsValid)
        {
            return new PublishResult(null, read.Errors);
        }

        return await manager.RunExclusiveAsync(ct => PublishLockedAsync(local, read.File!, asCandidate, ct), cancellationToken).ConfigureAwait(false);
    }

    private async Task<PublishResult> PublishLockedAsync(ILocalWeightSource local, WeightFile file, bool asCandidate, CancellationToken cancellationToken)
    {
        var realRoot = RealPath.Resolve(local.Root);
        if (realRoot is null || !Directory.Exists(realRoot))
        {
            return PublishResult.Refused(PublishFailure.Unavailable, "source", $"the registry folder '{local.Root}' does not exist; nothing was stored");
        }

        var folder = Path.Combine(realRoot, file.Domain);
        var pin = PinFile.Read(Path.Combine(folder, RegistryLayout.PinFileName), realRoot);
        if (pin.Kind != PinKind.Absent && !asCandidate)
        {
            var says = pin.Version is { } pinned ? $"pins version {pinned}" : "is there (and names no version)";
            return PublishResult.Refused(PublishFailure.Conflict, "domain",
                $"{Path.Combine(local.Root, file.Domain, RegistryLayout.PinFileName)} {says}, so a new version would not be served; remove PINNED first");
        }

        var created = !Directory.Exists(folder) && !File.Exists(folder);
        try
        {
            Directory.CreateDirectory(folder);
            var realFolder = RealPath.Resolve(folder);
            if (realFolder is null || !RealPath.IsInside(realFolder, realRoot) || realFolder == realRoot)
            {
                return PublishResult.Refused(PublishFailure.Conflict, "domain", "the domain's folder resolves outside the registry root");
            }

            // Through a link, the file would land in another folder (another domain's, perhaps): publish there instead.
            if (realFolder != folder)
            {
                return PublishResult.Refused(PublishFailure.Conflict, "domain", "the domain's folder is a link to another folder; nothing was stored");
            }

            // Another writer (a CI job) may take the same number between listing and rename: renumber and try again.
            for (var attempt = 0; attempt < MaxNumberingAttempts; attempt++)
            {
                if (RegistryFolder.NextVersion(realFolder) is not { } version)
                {
                    return PublishResult.Refused(PublishFailure.Conflict, "version",
                        $"'{file.Domain}' has used every version number ({RegistryLayout.VersionRule}); nothing was stored");
                }

                var name = RegistryLayout.VersionFileName(version);
                var pointer = asCandidate ? await VersionPointer.WriteAsync(realFolder, RegistryLayout.CandidateFileName, version, cancellationToken).ConfigureAwait(false) : null;
                if (await AtomicFile.TryCreateAsync(realFolder, name, WeightFileSerializer.Write(file with { Version = version }), cancellationToken).ConfigureAwait(false))
                {
                    RegistryLog.Published(logger, file.Domain, version, Path.Combine(realFolder, name));
                    return pointer is null
                        ? await ServeOrTakeBackAsync(file.Domain, version, Path.Combine(realFolder, name), folder, created, cancellationToken).ConfigureAwait(false)
                        : await CandidateOrTakeBackAsync(file.Domain, version, Path.Combine(realFolder, name), pointer, cancellationToken).ConfigureAwait(false);
                }

                if (pointer is not null)
                {
                    await pointer.RestoreAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return PublishResult.Refused(PublishFailure.Unavailable, "version", "another writer kept taking the next version number; try again");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return StorageFailure.Of(ex);
        }
        finally
        {
            RemoveIfCreatedAndEmpty(folder, created);
        }
    }

    // Success means served: if the rescan could not finish, or did not serve the file, the file is taken back.
    private async Task<PublishResult> ServeOrTakeBackAsync(string domain, int version, string path, string folder, bool created, CancellationToken cancellationToken)
    {
        await manager.ScanLockedAsync(cancellationToken).ConfigureAwait(false);
        if (manager.Current.TryGet(domain, out var served) && served.Version == version)
        {
            return PublishResult.Published(version);
        }

        var status = manager.GetStatus();
        var why = status.SourceError
            ?? status.Domains.FirstOrDefault(d => d.Domain == domain)?.Errors.LastOrDefault(e => e.File.EndsWith(RegistryLayout.VersionFileName(version), StringComparison.Ordinal))?.Reason
            ?? "it was not served";
        File.Delete(path);
        RemoveIfCreatedAndEmpty(folder, created);
        await manager.ScanLockedAsync(cancellationToken).ConfigureAwait(false);
        RegistryLog.PublishTakenBack(logger, domain, version, why);
        return PublishResult.Refused(PublishFailure.Unavailable, "source", $"the registry did not serve the new version ({why}); nothing was stored");
    }

    // A failed upload to a new domain must not leave an empty folder behind (it would list as a domain).
    private static void RemoveIfCreatedAndEmpty(string folder, bool created)
    {
        try
        {
            if (created && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: an empty folder that cannot be removed cannot have been written to either.
        }
    }
}
