using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;

namespace ReRanker.Registry;

/// <summary>What a local registry folder serves right now, as the service would serve it.</summary>
/// <param name="Weights">The served version of every domain.</param>
/// <param name="Status">The same status the service reports (errors by file, available versions, source reachability).</param>
public sealed record RegistrySnapshot(WeightSet Weights, RegistryStatus Status);

/// <summary>
/// A local registry folder for programs other than the service (the trainer): read once through the service's own
/// source, loader and manager, numbered and written by the publisher's own rules.
/// </summary>
public static class RegistryFolder
{
    /// <summary>
    /// Scans <paramref name="root"/> once, exactly as the service does, and waits (at most the half-written window)
    /// for files that are still changing to get their verdict (a file still being written after that is not served). When the folder cannot be read,
    /// <see cref="RegistryStatus.SourceReachable"/> is false and nothing is served.
    /// </summary>
    public static async Task<RegistrySnapshot> ScanAsync(string root, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        loggers ??= NullLoggerFactory.Instance;
        var options = Options.Create(new RegistryOptions { Path = root, WatchFileSystem = false });
        using var source = new LocalDirectorySource(options, TimeProvider.System, loggers.CreateLogger<LocalDirectorySource>());
        using var manager = new WeightRegistryManager(source, TimeProvider.System, options, loggers.CreateLogger<WeightRegistryManager>());
        var status = await manager.ReloadAsync(cancellationToken).ConfigureAwait(false);
        var giveUpAt = DateTimeOffset.UtcNow + (2 * options.Value.HalfWrittenRetryWindow);
        while (manager.NextRetryAt is { } retryAt && DateTimeOffset.UtcNow < giveUpAt)
        {
            var wait = retryAt - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            status = await manager.ReloadAsync(cancellationToken).ConfigureAwait(false);
        }

        return new RegistrySnapshot(manager.Current, status);
    }

    /// <summary>The version numbers in use in a domain folder: every <c>&lt;version&gt;.json</c> name, valid file or not.</summary>
    public static IEnumerable<int> VersionsInUse(string domainFolder) =>
        Directory.Exists(domainFolder)
            ? Directory.EnumerateFileSystemEntries(domainFolder).Select(Path.GetFileName).Select(n => RegistryLayout.TryParseVersionFileName(n, out var v) ? v : 0).Where(v => v > 0).ToList()
            : [];

    /// <summary>The number the next version in <paramref name="domainFolder"/> gets (<see cref="RegistryLayout.NextVersion"/>); null when none is left.</summary>
    public static int? NextVersion(string domainFolder) => RegistryLayout.NextVersion(VersionsInUse(domainFolder));

    /// <summary>
    /// Writes <paramref name="file"/> as <c>&lt;root&gt;/&lt;domain&gt;/&lt;version&gt;.json</c> with <see cref="AtomicFile"/>;
    /// an existing version is never overwritten (<see cref="IOException"/>).
    /// </summary>
    public static async Task<string> WriteAsync(string root, WeightFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(file);
        var folder = Path.Combine(root, file.Domain);
        Directory.CreateDirectory(folder);
        var name = RegistryLayout.VersionFileName(file.Version);
        if (!await AtomicFile.TryCreateAsync(folder, name, WeightFileSerializer.Write(file), cancellationToken).ConfigureAwait(false))
        {
            throw new IOException($"'{Path.Combine(folder, name)}' already exists; versions are never overwritten");
        }

        return Path.Combine(folder, name);
    }
}
