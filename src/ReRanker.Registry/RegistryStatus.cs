namespace ReRanker.Registry;

/// <summary>The registry as operators see it.</summary>
/// <param name="Source">"local:&lt;path&gt;" or "http:&lt;index url&gt;".</param>
/// <param name="SourceReachable">False while the source cannot be read; the last good weights keep serving.</param>
/// <param name="LastFullScanAt">When the last complete scan finished; null before the first.</param>
/// <param name="LastSuccessfulScanAt">When the source was last read successfully; staleness is measured from here.</param>
/// <param name="Domains">One entry per domain seen in the source, served or not, in ordinal order.</param>
public sealed record RegistryStatus(
    string Source,
    bool SourceReachable,
    DateTimeOffset? LastFullScanAt,
    DateTimeOffset? LastSuccessfulScanAt,
    IReadOnlyList<DomainStatus> Domains)
{
    /// <summary>State of the HTTP source's circuit breaker ("closed", "open", "half-open", "isolated"); null for the local source.</summary>
    public string? CircuitState { get; init; }

    /// <summary>Why the source could not be read the last time it failed; null once it is read again.</summary>
    public string? SourceError { get; init; }

    /// <summary>How long since the source was last read successfully, as of <paramref name="now"/>.</summary>
    public TimeSpan? StalenessAt(DateTimeOffset now) => LastSuccessfulScanAt is { } at ? now - at : null;
}

/// <param name="Domain">Domain name (the folder name).</param>
/// <param name="ServedVersion">Version being served; null when no valid version exists (the default policy applies).</param>
/// <param name="Sha256">sha256 (hex) of the served file's bytes.</param>
/// <param name="LoadedAt">When the served version was loaded.</param>
/// <param name="Source">Where the served file came from (path or URL).</param>
/// <param name="PinnedVersion">Version named by PINNED, if any.</param>
/// <param name="AvailableVersions">Valid versions found, ascending.</param>
/// <param name="LastError">The most recent rejection for this domain, if any.</param>
public sealed record DomainStatus(
    string Domain,
    int? ServedVersion,
    string? Sha256,
    DateTimeOffset? LoadedAt,
    string? Source,
    int? PinnedVersion,
    IReadOnlyList<int> AvailableVersions,
    RegistryError? LastError)
{
    /// <summary>Every open error of this domain, oldest first (<see cref="LastError"/> is the last of them).</summary>
    public IReadOnlyList<RegistryError> Errors { get; init; } = [];

    /// <summary>
    /// Files that do not load yet but changed within <c>HalfWrittenRetryWindow</c>: they may be half-written, so they
    /// get no verdict (and no error) until they stop changing.
    /// </summary>
    public IReadOnlyList<string> Changing { get; init; } = [];

    /// <summary>The version CANDIDATE names while it is valid and not served: ranked in the shadow of every request, never served.</summary>
    public int? CandidateVersion { get; init; }

    /// <summary>sha256 (hex) of the candidate file's bytes.</summary>
    public string? CandidateSha256 { get; init; }

    /// <summary>The version served before <see cref="ServedVersion"/>, while it is still valid (a rollback to it needs no read).</summary>
    public int? PreviousVersion { get; init; }
}

/// <summary>Why a file was not loaded.</summary>
public sealed record RegistryError(string File, string Reason, DateTimeOffset At);

/// <summary>Why an admin upload was not stored.</summary>
public enum PublishFailure
{
    /// <summary>Stored and served.</summary>
    None,

    /// <summary>The bytes are not a valid weight file for the domain (every reason by field).</summary>
    InvalidFile,

    /// <summary>The registry will not take it: read-only, not local, pinned, or out of version numbers.</summary>
    Conflict,

    /// <summary>The registry's storage is full.</summary>
    InsufficientStorage,

    /// <summary>The registry could not store or serve it right now (an I/O error, a scan that could not finish).</summary>
    Unavailable,

    /// <summary>The domain, or the version named, does not exist or is not valid.</summary>
    NotFound,
}

/// <summary>Outcome of an admin upload: the version written and served, or the reasons it was refused (nothing stored).</summary>
public sealed record PublishResult(int? Version, IReadOnlyList<Core.Weights.WeightFileError> Errors)
{
    /// <summary>Why it failed; <see cref="PublishFailure.InvalidFile"/> unless said otherwise.</summary>
    public PublishFailure Failure { get; init; } = Version is null ? PublishFailure.InvalidFile : PublishFailure.None;

    public bool Succeeded => Version is not null;

    public static PublishResult Published(int version) => new(version, []);

    public static PublishResult Refused(PublishFailure failure, string field, string message) =>
        new(null, [new Core.Weights.WeightFileError(field, message)]) { Failure = failure };
}
