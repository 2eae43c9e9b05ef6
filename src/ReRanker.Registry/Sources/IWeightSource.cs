namespace ReRanker.Registry;

/// <summary>
/// Discovers domains and version files and reads them (the model servers' "source"). A source never decides what is
/// served: it reports what exists; <see cref="WeightRegistryManager"/> validates, chooses and swaps.
/// </summary>
internal interface IWeightSource : IDisposable
{
    /// <summary>"local:&lt;path&gt;" or "http:&lt;index url&gt;".</summary>
    string Description { get; }

    /// <summary>State of the source's circuit breaker, when it has one (one of <see cref="RegistryCircuit.StateNames"/>).</summary>
    string? CircuitState { get; }

    /// <summary>Lists every domain and version file. Throws <see cref="SourceUnavailableException"/> when the source cannot be read.</summary>
    Task<SourceListing> ListAsync(CancellationToken cancellationToken);

    /// <summary>Reads and validates one version file, once. Never throws for bad content or I/O failures.</summary>
    Task<LoadOutcome> LoadAsync(VersionCandidate candidate, CancellationToken cancellationToken);

    /// <summary>
    /// Blocks the registry's refresh thread until the source may have changed, or for <paramref name="pollInterval"/> at
    /// the latest. Blocking on purpose: see <see cref="RegistryRefreshService"/>.
    /// </summary>
    void WaitForChange(TimeSpan pollInterval, CancellationToken cancellationToken);
}

/// <summary>A source backed by a local folder, which the publisher can write into.</summary>
internal interface ILocalWeightSource : IWeightSource
{
    /// <summary>The configured root (absolute); locations in the status are shown under it.</summary>
    string Root { get; }
}

/// <summary>Everything a source offers, one entry per domain.</summary>
internal sealed record SourceListing(IReadOnlyList<DomainListing> Domains);

/// <param name="Domain">A valid domain name.</param>
/// <param name="Versions">Version files found, any order.</param>
/// <param name="Pin">What PINNED (or the index's <c>pinned</c> entry) says.</param>
/// <param name="PinLocation">Where a pin would be (PINNED file path, or index URL); errors about the pin are filed under it.</param>
/// <param name="Problems">Things in the listing itself that are wrong (a bad index entry).</param>
internal sealed record DomainListing(
    string Domain,
    IReadOnlyList<VersionCandidate> Versions,
    PinState Pin,
    string PinLocation,
    IReadOnlyList<ListingProblem> Problems)
{
    /// <summary>False when the domain's folder could not be listed: nothing is known, so nothing about it changes.</summary>
    public bool Complete { get; init; } = true;

    /// <summary>What CANDIDATE says (the HTTP index has none: absent).</summary>
    public PinState Candidate { get; init; } = PinState.Absent;

    /// <summary>Where CANDIDATE is; errors about the candidate are filed under it.</summary>
    public string CandidateLocation => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(PinLocation) ?? string.Empty, RegistryLayout.CandidateFileName);

    public static DomainListing Unlistable(string domain, string folder, string reason) =>
        new(domain, [], PinState.Absent, Path.Combine(folder, RegistryLayout.PinFileName), [new ListingProblem(folder, reason)]) { Complete = false };
}

/// <summary>One version file.</summary>
/// <param name="Domain">The domain (folder or index key) it is listed under.</param>
/// <param name="Version">The version its name or index entry gives.</param>
/// <param name="Location">What operators see: the path under the configured root, or the absolute URL.</param>
/// <param name="ReadFrom">What is actually read: the resolved real path inside the root, or the URL.</param>
/// <param name="Fingerprint">Changes whenever the content may have changed (path, inode, kind, length, times; or URL and sha256).</param>
/// <param name="ExpectedSha256">For the HTTP source: the sha256 the index promises.</param>
internal sealed record VersionCandidate(string Domain, int Version, string Location, string ReadFrom, string Fingerprint, string? ExpectedSha256 = null)
{
    /// <summary>Local files: when the file last changed. A file that fails to load this recently may still be being written.</summary>
    public DateTimeOffset? ChangedAt { get; init; }
}

/// <summary>What a domain's pin says.</summary>
internal enum PinKind
{
    /// <summary>No pin: the highest valid version is served.</summary>
    Absent,

    /// <summary>The pin names <see cref="PinState.Version"/>.</summary>
    Pinned,

    /// <summary>The pin exists but names no version (see <see cref="PinState.Problem"/>).</summary>
    Unusable,
}

/// <param name="ChangedAt">Local PINNED: when it last changed (an unusable pin this recent may be half-written).</param>
internal sealed record PinState(PinKind Kind, int? Version, string? Problem, DateTimeOffset? ChangedAt = null)
{
    public static PinState Absent { get; } = new(PinKind.Absent, null, null);

    public static PinState Pinned(int version, DateTimeOffset? changedAt = null) => new(PinKind.Pinned, version, null, changedAt);

    public static PinState Unusable(string problem, DateTimeOffset? changedAt = null) => new(PinKind.Unusable, null, problem, changedAt);
}

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
