using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using ReRanker.Core.Scoring;

namespace ReRanker.Api.Settings;

/// <summary>How requests are scored and how large they may be. Section "Reranking".</summary>
public sealed class RerankingOptions
{
    public const string Section = "Reranking";

    /// <summary>What happens to hypotheses whose domain has no weights: scored by the product of confidences, or left out and reported.</summary>
    [EnumDataType(typeof(UnweightedDomainPolicy))]
    public UnweightedDomainPolicy UnweightedDomainPolicy { get; set; } = UnweightedDomainPolicy.Unweighted;

    [Required]
    [ValidateObjectMembers]
    public RequestLimits Limits { get; set; } = new();
}

/// <summary>Request size limits. Section "Reranking:Limits". Every limit is checked before scoring.</summary>
public sealed class RequestLimits
{
    /// <summary>Largest accepted request body, in bytes (default 256 KiB); larger bodies get 413.</summary>
    [Range(1024, 64 * 1024 * 1024, ErrorMessage = "Reranking:Limits:MaxBodyBytes must be between 1024 and 67108864 bytes.")]
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    [Range(1, 10_000, ErrorMessage = "Reranking:Limits:MaxHypotheses must be between 1 and 10000.")]
    public int MaxHypotheses { get; set; } = 200;

    [Range(0, 1_000, ErrorMessage = "Reranking:Limits:MaxSlotsPerHypothesis must be between 0 and 1000.")]
    public int MaxSlotsPerHypothesis { get; set; } = 50;

    /// <summary>Longest name or value (intent, slot name/value, id, context key/value, requestId), in characters.</summary>
    [Range(1, 10_000, ErrorMessage = "Reranking:Limits:MaxStringLength must be between 1 and 10000.")]
    public int MaxStringLength { get; set; } = 128;

    [Range(0, 1_000, ErrorMessage = "Reranking:Limits:MaxContextKeys must be between 0 and 1000.")]
    public int MaxContextKeys { get; set; } = 64;

    /// <summary>Most requests in one POST /v1/rerank/batch call.</summary>
    [Range(1, 10_000, ErrorMessage = "Reranking:Limits:MaxBatchItems must be between 1 and 10000.")]
    public int MaxBatchItems { get; set; } = 100;
}

[OptionsValidator]
public sealed partial class RerankingOptionsValidator : IValidateOptions<RerankingOptions>;
