namespace ReRanker.Api.Registry;

/// <summary>
/// Discovers domains and version files and reads them (the model servers' "source"). A source never decides what is
/// served: it reports what exists; <see cref="WeightRegistryManager"/> validates, chooses and swaps.
/// </summary>
internal interface IWeightSource : IDisposable
{
    /// <summary>"local:&lt;path&gt;" or "http:&lt;index url&gt;".</summary>
    string Description { get; }

    /// <summary>State of the source's circuit breaker, when it has one ("Closed", "Open", "HalfOpen", "Isolated").</summary>
    string? CircuitState { get; }

    /// <summary>Lists every domain and version file. Throws <see cref="SourceUnavailableException"/> when the source cannot be read.</summary>
    Task<SourceListing> ListAsync(CancellationToken cancellationToken);

    /// <summary>Reads and validates one version file. Never throws for bad content or I/O failures.</summary>
    Task<LoadOutcome> LoadAsync(VersionCandidate candidate, CancellationToken cancellationToken);

    /// <summary>
    /// Blocks the registry's refresh thread until the source may have changed, or for <paramref name="pollInterval"/> at
    /// the latest. Blocking on purpose: see <see cref="RegistryRefreshService"/>.
    /// </summary>
    void WaitForChange(TimeSpan pollInterval, CancellationToken cancellationToken);
}

/// <summary>Everything a source offers, one entry per domain.</summary>
internal sealed record SourceListing(IReadOnlyList<DomainListing> Domains);

/// <param name="Domain">A valid domain name.</param>
/// <param name="Versions">Version files found, any order.</param>
/// <param name="PinnedVersion">The version PINNED names, if it names a valid one.</param>
/// <param name="PinLocation">Where a pin would be (PINNED file path, or index URL); errors about the pin are filed under it.</param>
/// <param name="Problems">Things in the listing itself that are wrong (an unreadable PINNED, a bad index entry).</param>
internal sealed record DomainListing(
    string Domain,
    IReadOnlyList<VersionCandidate> Versions,
    int? PinnedVersion,
    string PinLocation,
    IReadOnlyList<ListingProblem> Problems);

/// <summary>One version file.</summary>
/// <param name="Domain">The domain (folder or index key) it is listed under.</param>
/// <param name="Version">The version its name or index entry gives.</param>
/// <param name="Location">What operators see: the path under the configured root, or the absolute URL.</param>
/// <param name="ReadFrom">What is actually read: the resolved real path inside the root, or the URL.</param>
/// <param name="Fingerprint">Changes whenever the content may have changed (path, length, write time; or URL and sha256).</param>
/// <param name="ExpectedSha256">For the HTTP source: the sha256 the index promises.</param>
internal sealed record VersionCandidate(string Domain, int Version, string Location, string ReadFrom, string Fingerprint, string? ExpectedSha256 = null);

/// <summary>A problem found while listing, shown in the domain's status as an error on <paramref name="File"/>.</summary>
internal sealed record ListingProblem(string File, string Reason);

/// <summary>The source as a whole cannot be read; the last good weights keep serving.</summary>
internal sealed class SourceUnavailableException : Exception
{
    public SourceUnavailableException(string message)
        : base(message)
    {
    }

    public SourceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
