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
    WeightsInfo? Weights);

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
