using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace ReRanker.Api.Contracts;

/// <summary>
/// A re-rank request as it arrives on the wire. Every property is nullable so that a missing field is
/// reported by the validator with its JSON path rather than as a generic deserialisation error; the
/// validated request is mapped to Core's records afterwards. The DataAnnotations attributes only document
/// the rules in the OpenAPI schema; RerankRequestValidator enforces them.
/// </summary>
public sealed class RerankRequest
{
    /// <summary>Caller's correlation id, echoed in the response; generated when absent.</summary>
    public string? RequestId { get; init; }

    /// <summary>Flat device/session context: each value a string, boolean or number.</summary>
    public Dictionary<string, JsonElement>? Context { get; init; }

    /// <summary>The n-best list: every domain's hypotheses, in the corpus's hypothesis format.</summary>
    [Required]
    public List<HypothesisInput?>? Hypotheses { get; init; }

    /// <summary>Return only the best <c>topK</c> results (default: all).</summary>
    public int? TopK { get; init; }

    /// <summary>Include each feature's contribution to the score.</summary>
    public bool? Explain { get; init; }
}

/// <summary>One domain's interpretation, with that domain's own confidences in [0, 1].</summary>
public sealed class HypothesisInput
{
    /// <summary>Optional caller id of the hypothesis, echoed back.</summary>
    public string? Id { get; init; }

    /// <summary>Domain name (pattern ^[a-z0-9][a-z0-9_.-]{0,63}$).</summary>
    [Required]
    public string? Domain { get; init; }

    [Required]
    public string? Intent { get; init; }

    /// <summary>Slots found by the domain's tagger (may be empty).</summary>
    public List<SlotInput?>? Slots { get; init; }

    [Required]
    [Range(0.0, 1.0)]
    public double? DomainScore { get; init; }

    [Required]
    [Range(0.0, 1.0)]
    public double? IntentScore { get; init; }

    [Required]
    [Range(0.0, 1.0)]
    public double? SlotScore { get; init; }
}

/// <summary>One slot; <c>confidence</c> is optional.</summary>
public sealed class SlotInput
{
    [Required]
    public string? Name { get; init; }

    [Required]
    public string? Value { get; init; }

    [Range(0.0, 1.0)]
    public double? Confidence { get; init; }
}
