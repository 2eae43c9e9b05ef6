using ReRanker.Core.Weights;

namespace ReRanker.Registry;

/// <summary>
/// The service's writes of CANDIDATE and PINNED (admin endpoints, promotion, the rollback watcher): under the manager's
/// write lock, checked against what the registry serves, rescanned, and put back as they were when the registry does
/// not then show the change.
/// </summary>
internal sealed partial class WeightPublisher
{
    public Task<PublishResult> SetCandidateAsync(string domain, int? version, CancellationToken cancellationToken) =>
        WithDomainFolderAsync(domain, async (local, folder, ct) =>
        {
            var status = Status(domain);
            if (version is { } v)
            {
                if (status is null || !status.AvailableVersions.Contains(v))
                {
                    return PublishResult.Refused(PublishFailure.NotFound, "version", $"'{domain}' has no valid version {v}");
                }

                if (status.ServedVersion == v)
                {
                    return PublishResult.Refused(PublishFailure.Conflict, "version", $"version {v} is the served version of '{domain}'; a candidate is compared with it");
                }
            }

            var pointer = await VersionPointer.WriteAsync(folder, RegistryLayout.CandidateFileName, version, ct).ConfigureAwait(false);
            await manager.ScanLockedAsync(ct).ConfigureAwait(false);
            var after = Status(domain);
            if (after?.CandidateVersion != version || (version is not null && after?.ServedVersion != status!.ServedVersion))
            {
                await pointer.RestoreAsync(ct).ConfigureAwait(false);
                await manager.ScanLockedAsync(ct).ConfigureAwait(false);
                return PublishResult.Refused(PublishFailure.Unavailable, "source", $"the registry did not take the candidate ({Why(after)}); CANDIDATE is as it was");
            }

            if (version is { } written)
            {
                RegistryLog.PointerWritten(logger, domain, RegistryLayout.CandidateFileName, written);
            }
            else
            {
                RegistryLog.PointerRemoved(logger, domain, RegistryLayout.CandidateFileName);
            }

            return new PublishResult(version ?? 0, []);
        }, cancellationToken);

    public Task<PublishResult> PromoteAsync(string domain, CancellationToken cancellationToken) =>
        WithDomainFolderAsync(domain, async (local, folder, ct) =>
        {
            if (Status(domain)?.CandidateVersion is not { } candidate)
            {
                return PublishResult.Refused(PublishFailure.Conflict, "candidate", $"'{domain}' has no candidate to promote");
            }

            var read = LocalFile.Read(Path.Combine(folder, RegistryLayout.VersionFileName(candidate)), WeightFile.MaxBytes);
            var file = read.Failure == ReadFailure.None ? WeightFileLoader.ValidateUpload(read.Bytes, domain) : null;
            if (file is not { IsValid: true })
            {
                return PublishResult.Refused(PublishFailure.Unavailable, "candidate", $"candidate version {candidate} of '{domain}' can no longer be read; nothing was changed");
            }

            // The upload's path: the candidate's bytes become the next version, served (refused while PINNED is there).
            var published = await PublishLockedAsync(local, file.File!, asCandidate: false, ct).ConfigureAwait(false);
            if (!published.Succeeded)
            {
                return published;
            }

            AtomicFile.Remove(folder, RegistryLayout.CandidateFileName);
            await manager.ScanLockedAsync(ct).ConfigureAwait(false);
            RegistryLog.Promoted(logger, domain, candidate, published.Version!.Value);
            return published;
        }, cancellationToken);

    public Task<PublishResult> PinAsync(string domain, int version, CancellationToken cancellationToken) =>
        WithDomainFolderAsync(domain, async (local, folder, ct) =>
        {
            if (Status(domain) is not { } status || !status.AvailableVersions.Contains(version))
            {
                return PublishResult.Refused(PublishFailure.NotFound, "version", $"'{domain}' has no valid version {version}");
            }

            var pointer = await VersionPointer.WriteAsync(folder, RegistryLayout.PinFileName, version, ct).ConfigureAwait(false);
            await manager.ScanLockedAsync(ct).ConfigureAwait(false);
            if (!manager.Current.TryGet(domain, out var served) || served.Version != version)
            {
                var why = Why(Status(domain));
                await pointer.RestoreAsync(ct).ConfigureAwait(false);
                await manager.ScanLockedAsync(ct).ConfigureAwait(false);
                return PublishResult.Refused(PublishFailure.Unavailable, "source", $"the registry did not serve version {version} ({why}); PINNED is as it was");
            }

            RegistryLog.PointerWritten(logger, domain, RegistryLayout.PinFileName, version);
            return PublishResult.Published(version);
        }, cancellationToken);

    // Success means loaded as the candidate with the served version unchanged; otherwise file and CANDIDATE are put back.
    private async Task<PublishResult> CandidateOrTakeBackAsync(string domain, int version, string path, VersionPointer pointer, CancellationToken cancellationToken)
    {
        var servedBefore = manager.Current.TryGet(domain, out var before) ? before.Version : (int?)null;
        await manager.ScanLockedAsync(cancellationToken).ConfigureAwait(false);
        var status = Status(domain);
        if (status?.CandidateVersion == version && status.ServedVersion == servedBefore)
        {
            RegistryLog.PointerWritten(logger, domain, RegistryLayout.CandidateFileName, version);
            return PublishResult.Published(version);
        }

        var why = Why(status);
        File.Delete(path);
        await pointer.RestoreAsync(cancellationToken).ConfigureAwait(false);
        await manager.ScanLockedAsync(cancellationToken).ConfigureAwait(false);
        RegistryLog.PublishTakenBack(logger, domain, version, why);
        return PublishResult.Refused(PublishFailure.Unavailable, "source", $"the registry did not load the new candidate ({why}); nothing was stored");
    }

    private static string Why(DomainStatus? status) => status?.LastError?.Reason ?? "it was not shown";

    private DomainStatus? Status(string domain) => manager.GetStatus().Domains.FirstOrDefault(d => d.Domain == domain);

    // Local source, an existing domain folder inside the root (not a link), under the write lock; storage failures as uploads.
    private async Task<PublishResult> WithDomainFolderAsync(
        string domain, Func<ILocalWeightSource, string, CancellationToken, Task<PublishResult>> action, CancellationToken cancellationToken)
    {
        if (source is not ILocalWeightSource local)
        {
            return PublishResult.Refused(PublishFailure.Conflict, "source",
                $"CANDIDATE and PINNED are only written with the local source ({RegistryOptions.SectionName}:Source=local); this registry reads {source.Description}");
        }

        return await manager.RunExclusiveAsync(async ct =>
        {
            var realRoot = RealPath.Resolve(local.Root);
            var folder = realRoot is null ? null : Path.Combine(realRoot, domain);
            if (folder is null || !Directory.Exists(folder) || RealPath.Resolve(folder) != folder)
            {
                return PublishResult.Refused(PublishFailure.NotFound, "domain", $"the registry has no domain folder '{domain}'");
            }

            try
            {
                return await action(local, folder, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return StorageFailure.Of(ex);
            }
        }, cancellationToken).ConfigureAwait(false);
    }
}
