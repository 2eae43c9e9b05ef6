using ReRanker.Core.Scoring;

namespace ReRanker.Registry;

/// <summary>
/// The served weights. <see cref="Current"/> is one immutable snapshot, read without a lock; take it
/// once per request. The manager behind it swaps the whole snapshot atomically when a source reports
/// a new valid version, and never replaces a good version with a bad one.
/// </summary>
public interface IWeightRegistry
{
    /// <summary>The snapshot to score a request with. Never null; empty until the first scan completes.</summary>
    WeightSet Current { get; }

    /// <summary>True once the first full scan has completed (readiness).</summary>
    bool IsReady { get; }

    /// <summary>Per-domain and overall status, for the status endpoint and operators.</summary>
    RegistryStatus GetStatus();

    /// <summary>Forces a full rescan of the source now and returns the status after it.</summary>
    Task<RegistryStatus> ReloadAsync(CancellationToken cancellationToken);
}

/// <summary>Writes uploaded weight files into a local registry (the admin upload). Only local sources can publish.</summary>
public interface IWeightPublisher
{
    /// <summary>
    /// Validates <paramref name="weightFile"/> (<see cref="WeightFileLoader.ValidateUpload"/>) for <paramref name="domain"/>,
    /// assigns it the next version number, writes it atomically as <c>&lt;root&gt;/&lt;domain&gt;/&lt;version&gt;.json</c>
    /// and succeeds only once it is served. Never throws for bad input or storage: a refusal says why
    /// (<see cref="PublishResult.Failure"/>) and leaves nothing stored.
    /// </summary>
    Task<PublishResult> PublishAsync(string domain, ReadOnlyMemory<byte> weightFile, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="weightFile"/> as the domain's next version and names it in CANDIDATE (written first, so
    /// the new version is never served): it is ranked in the shadow of every request. Succeeds once it is loaded as the
    /// candidate; otherwise nothing is stored and CANDIDATE is as it was.
    /// </summary>
    Task<PublishResult> PublishCandidateAsync(string domain, ReadOnlyMemory<byte> weightFile, CancellationToken cancellationToken);

    /// <summary>
    /// Writes CANDIDATE naming <paramref name="version"/> (an existing valid version, not the served one), or removes
    /// it when <paramref name="version"/> is null. Succeeds once the registry shows it.
    /// </summary>
    Task<PublishResult> SetCandidateAsync(string domain, int? version, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the candidate the served version through <see cref="PublishAsync"/>'s path (its bytes become the next
    /// version, refused when the domain is pinned) and removes CANDIDATE. The result's version is the new served one.
    /// </summary>
    Task<PublishResult> PromoteAsync(string domain, CancellationToken cancellationToken);

    /// <summary>Writes PINNED naming <paramref name="version"/> (a valid version) and succeeds once it is served (rollback).</summary>
    Task<PublishResult> PinAsync(string domain, int version, CancellationToken cancellationToken);
}
