using System.Text.Json.Serialization;
using ReRanker.Registry;

namespace ReRanker.Api.Contracts;

public sealed record DomainListResponse(IReadOnlyList<DomainSummary> Domains);

/// <summary>A domain as served: the registry's view of it plus the metadata of the served weight file.</summary>
/// <param name="ServedVersion">Served weight-file version; null when no valid version exists (the default policy applies).</param>
/// <param name="Weights">The served file's metadata; null when nothing is served.</param>
public sealed record DomainSummary(
    string Domain,
    int? ServedVersion,
    string? Sha256,
    DateTimeOffset? LoadedAt,
    int? PinnedVersion,
    IReadOnlyList<int> AvailableVersions,
    RegistryError? LastError,
    WeightsInfo? Weights)
{
    /// <summary>The candidate ranked in the shadow of every request, with what the shadows showed; absent without one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CandidateOutput? Candidate { get; init; }

    /// <summary>The rollback watcher's figures for the domain and its last rollback; absent while the watcher is off or has seen nothing.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RollbackOutput? Rollback { get; init; }
}

/// <summary>A domain's candidate and its shadow figures since this replica first ranked with it.</summary>
/// <param name="ShadowRequests">Rankings that involved the domain, each also ranked with the candidate in place of the served version.</param>
/// <param name="Top1Changes">Of those, rankings whose top-1 hypothesis the candidate would have changed.</param>
/// <param name="MeanAbsoluteProbabilityChange">Mean over the shadow rankings of |candidate − served| reported probability of the served top-1 hypothesis (0 for a ranking that served nothing); null before the first.</param>
public sealed record CandidateOutput(
    int Version,
    string? Sha256,
    long ShadowRequests,
    long Top1Changes,
    double? Top1ChangeRate,
    double? MeanAbsoluteProbabilityChange);

/// <summary>The rollback watcher's view of a domain: defect outcomes (rephrased, barge-in, abandoned) per version served.</summary>
public sealed record RollbackOutput(
    int ServedVersion,
    int? PreviousVersion,
    long ServedFeedback,
    double ServedDefectShare,
    long PreviousFeedback,
    double PreviousDefectShare,
    RollbackEventOutput? LastRollback);

/// <summary>A rollback the watcher made (Done) or tried, and why.</summary>
public sealed record RollbackEventOutput(int FromVersion, int ToVersion, DateTimeOffset At, bool Done, string Reason);

/// <summary>Body of PUT /v1/domains/{domain}/candidate: the existing version to rank in the shadow (read by CandidateEndpoints, which names the field on errors).</summary>
public sealed record CandidateRequest(int Version);

/// <summary>What the served weight file says about itself.</summary>
/// <param name="Features">Feature weights by name; only in GET /v1/domains/{domain}.</param>
public sealed record WeightsInfo(
    int Version,
    DateTimeOffset CreatedAt,
    double Bias,
    int FeatureCount,
    TrainingOutput Training,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Features);

public sealed record TrainingOutput(
    string Loss,
    double L2,
    double? CeWeight,
    string DataSha256,
    int TrainExamples,
    int TrainHypotheses,
    int HeldOutExamples,
    IReadOnlyDictionary<string, double> Metrics,
    string? TrainerVersion,
    int? Seed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PrivacyOutput? Privacy = null);

/// <summary>The differential-privacy guarantee of the served weights (the file's <c>training.privacy</c>); absent when none.</summary>
public sealed record PrivacyOutput(string Mechanism, string Unit, double Epsilon, double Delta, double? FeatureNormBound);

/// <summary>The registry's status plus readiness and staleness (seconds since the source was last read successfully).</summary>
public sealed record RegistryStatusResponse(
    string Source,
    bool SourceReachable,
    bool Ready,
    DateTimeOffset? LastFullScanAt,
    DateTimeOffset? LastSuccessfulScanAt,
    double? StalenessSeconds,
    IReadOnlyList<DomainStatus> Domains)
{
    /// <summary>HTTP source only: "closed", "open" (polls fail fast), "half-open" (one trial call) or "isolated"; null for the local source.</summary>
    public string? CircuitState { get; init; }

    /// <summary>Why the source could not be read the last time it failed; null once it is read again.</summary>
    public string? SourceError { get; init; }
}

/// <summary>The version an admin upload was stored and served as.</summary>
public sealed record PublishResponse(string Domain, int Version);
