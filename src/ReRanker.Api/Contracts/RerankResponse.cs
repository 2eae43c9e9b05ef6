using System.Text.Json.Serialization;

namespace ReRanker.Api.Contracts;

/// <summary>The ranked n-best list.</summary>
/// <param name="RequestId">The request's requestId, or a generated one.</param>
/// <param name="Results">Best first.</param>
/// <param name="Rejected">Input indexes (0-based) left out because their domain has no weights and the policy is Reject.</param>
/// <param name="UnweightedDomains">
/// The request's domains that have no served weights (scored "unweighted" or rejected), distinct, in ordinal order;
/// empty when every domain has weights. A misspelt domain such as "bookz" shows here.
/// </param>
public sealed record RerankResponse(string RequestId, IReadOnlyList<RankedHypothesis> Results, IReadOnlyList<int> Rejected, IReadOnlyList<string> UnweightedDomains);

/// <summary>One ranked hypothesis: the input fields plus how it was scored.</summary>
/// <param name="Rank">1-based position in the ranking.</param>
/// <param name="Index">0-based position in the request's hypotheses.</param>
/// <param name="WeightsVersion">Version of the domain's weight file; null when the default policy scored it.</param>
/// <param name="ScoredBy">"weights" or "unweighted" (product of the three confidences).</param>
/// <param name="Contributions">Per-feature contributions, when explain=true (empty for unweighted hypotheses).</param>
public sealed record RankedHypothesis(
    int Rank,
    int Index,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    string Domain,
    string Intent,
    IReadOnlyList<SlotOutput> Slots,
    double DomainScore,
    double IntentScore,
    double SlotScore,
    double Probability,
    double Score,
    int? WeightsVersion,
    string ScoredBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ContributionOutput>? Contributions);

public sealed record SlotOutput(
    string Name,
    string Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Confidence);

/// <summary>contribution = value × weight.</summary>
public sealed record ContributionOutput(string Feature, double Value, double Weight, double Contribution);
