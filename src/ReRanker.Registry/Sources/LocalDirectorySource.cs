using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReRanker.Core.Model;
using ReRanker.Core.Weights;

namespace ReRanker.Registry;

/// <summary>
/// The local registry folder: <c>&lt;root&gt;/&lt;domain&gt;/&lt;version&gt;.json</c> plus optional <c>PINNED</c>.
/// Changes are noticed by a file-system watcher (fast) and by a full rescan every poll interval (watchers miss events
/// on network and container volumes). Nothing whose real path is outside the root's real path is read, and only
/// regular files are ever opened (<see cref="LocalFile"/>).
/// </summary>
internal sealed class LocalDirectorySource : ILocalWeightSource
{
    private readonly RegistryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IgnoredNames _ignored;
    private readonly DirectoryChangeSignal _changes;

    public LocalDirectorySource(IOptions<RegistryOptions> options, TimeProvider time, ILogger<LocalDirectorySource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
        Root = _options.ResolvedPath;
        _ignored = new IgnoredNames(logger);
        _changes = new DirectoryChangeSignal(Root, time, logger);
    }

    /// <summary>The configured root (absolute); locations in the status are shown under it.</summary>
    public string Root { get; }

    public string Description => "local:" + Root;

    public string? CircuitState => null;

    public Task<SourceListing> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_options.WatchFileSystem)
        {
            _changes.EnsureWatcher();
        }

        var realRoot = RealPath.Resolve(Root);
        if (realRoot is null || !Directory.Exists(realRoot))
        {
            throw new SourceUnavailableException($"the registry folder '{Root}' does not exist");
        }

        try
        {
            _ignored.BeginScan();
            var domains = new List<DomainListing>();
            foreach (var entry in Directory.EnumerateFileSystemEntries(realRoot).Order(StringComparer.Ordinal))
            {
                try
                {
                    if (ListDomain(entry, realRoot) is { } domain)
                    {
                        domains.Add(domain);
                    }
                }
                catch (DirectoryNotFoundException)
                {
                    // Removed while being listed: the same as not being there.
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // One folder that cannot be listed keeps its domain as it is, with the reason; the others carry on.
                    var name = Path.GetFileName(entry);
                    domains.Add(DomainListing.Unlistable(name, Path.Combine(Root, name), $"the folder cannot be listed: {ex.Message}"));
                }
            }

            _ignored.EndScan();
            return Task.FromResult(new SourceListing(domains));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SourceUnavailableException($"the registry folder '{Root}' cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>One read of one file: the registry never waits here for a file to finish (the manager comes back later).</summary>
    public Task<LoadOutcome> LoadAsync(VersionCandidate candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var read = LocalFile.Read(candidate.ReadFrom, WeightFile.MaxBytes);
        return Task.FromResult(read.Failure switch
        {
            ReadFailure.None => WeightFileLoader.Load(read.Bytes, candidate, _time.GetUtcNow()),
            ReadFailure.Vanished => LoadOutcome.Vanished,
            ReadFailure.Unreadable => LoadOutcome.Unavailable(read.Problem!),
            _ => LoadOutcome.Invalid($"$: the file {read.Problem}"),
        });
    }

    public void WaitForChange(TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        if (_options.WatchFileSystem)
        {
            _changes.Wait(pollInterval, _options.WatcherDebounce, cancellationToken);
        }
        else
        {
            cancellationToken.WaitHandle.WaitOne(pollInterval);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public void Dispose() => _changes.Dispose();

    private DomainListing? ListDomain(string entry, string realRoot)
    {
        var name = Path.GetFileName(entry);
        if (name.EndsWith(".md", StringComparison.Ordinal) && LocalFile.Stat(entry).Kind == FileKind.Regular)
        {
            return null; // documentation beside the domains (deploy/registry/README.md): not a domain, and no surprise
        }

        if (!DomainName.IsValid(name))
        {
            _ignored.Ignore(name, $"not a domain name ({DomainName.Pattern})");
            return null;
        }

        var realFolder = RealPath.Resolve(entry);
        if (realFolder is null || !RealPath.IsInside(realFolder, realRoot) || realFolder == realRoot)
        {
            _ignored.Ignore(name, "resolves outside the registry root (or nowhere)");
            return null;
        }

        if (!Directory.Exists(realFolder))
        {
            _ignored.Ignore(name, "not a folder");
            return null;
        }

        var shownFolder = Path.Combine(Root, name);
        var versions = new List<VersionCandidate>();
        foreach (var file in Directory.EnumerateFileSystemEntries(realFolder))
        {
            var fileName = Path.GetFileName(file);
            if (!RegistryLayout.TryParseVersionFileName(fileName, out var version))
            {
                RemoveIfAbandoned(file, fileName);
                continue; // other names are ignored silently
            }

            var realFile = RealPath.Resolve(file);
            if (realFile is null || !RealPath.IsInside(realFile, realRoot))
            {
                _ignored.Ignore($"{name}/{fileName}", "resolves outside the registry root (or nowhere)");
                continue;
            }

            var facts = LocalFile.Stat(realFile);
            if (facts.Kind != FileKind.Missing)
            {
                versions.Add(new VersionCandidate(name, version, Path.Combine(shownFolder, fileName), realFile, $"{realFile}|{facts.Fingerprint}")
                {
                    ChangedAt = facts.ChangedAt,
                });
            }
        }

        var pin = PinFile.Read(Path.Combine(realFolder, RegistryLayout.PinFileName), realRoot);
        return new DomainListing(name, versions, pin, Path.Combine(shownFolder, RegistryLayout.PinFileName), [])
        {
            Candidate = PinFile.Read(Path.Combine(realFolder, RegistryLayout.CandidateFileName), realRoot, RegistryLayout.CandidateFileName),
        };
    }

    // Temp files of an interrupted write (a killed upload or trainer) are removed once they are clearly abandoned.
    private void RemoveIfAbandoned(string path, string fileName)
    {
        if (!AtomicFile.IsTemporaryName(fileName))
        {
            return;
        }

        var facts = LocalFile.Stat(path);
        // By the content's time: a writer still at work keeps touching it.
        if (facts.Kind != FileKind.Regular || _time.GetUtcNow() - facts.ModifiedAt < AtomicFile.AbandonedAfter)
        {
            return;
        }

        try
        {
            File.Delete(path);
            RegistryLog.RemovedTemporaryFile(_logger, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only registry keeps its leftovers; they are never read either way.
        }
    }
}
