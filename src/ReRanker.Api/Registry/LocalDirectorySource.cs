using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReRanker.Core.Model;
using ReRanker.Core.Weights;

namespace ReRanker.Api.Registry;

/// <summary>
/// The local registry folder: <c>&lt;root&gt;/&lt;domain&gt;/&lt;version&gt;.json</c> plus optional <c>PINNED</c>.
/// Changes are noticed by a file-system watcher (fast) and by a full rescan every poll interval (watchers miss events
/// on network and container volumes). Nothing whose real path is outside the root's real path is read.
/// </summary>
internal sealed class LocalDirectorySource : IWeightSource
{
    private readonly RegistryOptions _options;
    private readonly TimeProvider _time;
    private readonly IgnoredNames _ignored;
    private readonly DirectoryChangeSignal _changes;

    public LocalDirectorySource(IOptions<RegistryOptions> options, TimeProvider time, ILogger<LocalDirectorySource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
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
                    // Removed while being listed: the same as not being there. (Other errors fail the whole scan,
                    // which keeps every domain as it was rather than unloading one that only could not be read.)
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

    /// <summary>
    /// Local file reads are synchronous, and so are the pauses between re-reads of a possibly half-written file: a
    /// blocked thread wakes on time under CPU load where timer callbacks do not (see <see cref="DirectoryChangeSignal"/>).
    /// The pauses only happen while a file is invalid, at most <see cref="RegistryOptions.HalfWrittenRetryWindow"/>.
    /// </summary>
    public Task<LoadOutcome> LoadAsync(VersionCandidate candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        // A file read right after it changed may be half-written: only the last attempt of the window counts.
        var started = _time.GetTimestamp();
        while (true)
        {
            var outcome = ReadOnce(candidate);
            if (outcome.Status is LoadStatus.Valid or LoadStatus.Vanished || _time.GetElapsedTime(started) >= _options.HalfWrittenRetryWindow)
            {
                return Task.FromResult(outcome);
            }

            cancellationToken.WaitHandle.WaitOne(_options.HalfWrittenRetryInterval);
            cancellationToken.ThrowIfCancellationRequested();
        }
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
            if (!LocalLayout.TryParseVersionFileName(fileName, out var version))
            {
                continue; // other names, the publisher's temp files included, are ignored silently
            }

            var realFile = RealPath.Resolve(file);
            if (realFile is null || !RealPath.IsInside(realFile, realRoot))
            {
                _ignored.Ignore($"{name}/{fileName}", "resolves outside the registry root (or nowhere)");
                continue;
            }

            var info = new FileInfo(realFile);
            if (info.Exists)
            {
                var fingerprint = string.Create(CultureInfo.InvariantCulture, $"{realFile}|{info.Length}|{info.LastWriteTimeUtc.Ticks}");
                versions.Add(new VersionCandidate(name, version, Path.Combine(shownFolder, fileName), realFile, fingerprint));
            }
        }

        var pinLocation = Path.Combine(shownFolder, LocalLayout.PinFileName);
        var (pinned, problem) = LocalLayout.ReadPin(Path.Combine(realFolder, LocalLayout.PinFileName), pinLocation, realRoot);
        return new DomainListing(name, versions, pinned, pinLocation, problem is null ? [] : [problem]);
    }

    private LoadOutcome ReadOnce(VersionCandidate candidate)
    {
        try
        {
            using var stream = new FileStream(candidate.ReadFrom, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var bytes = ReadBounded(stream, WeightFile.MaxBytes + 1);
            return WeightFileLoader.Load(bytes, candidate, _time.GetUtcNow());
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return LoadOutcome.Vanished;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return LoadOutcome.Unavailable($"cannot be read: {ex.Message}");
        }
    }

    private static byte[] ReadBounded(Stream stream, int limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length < limit && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
