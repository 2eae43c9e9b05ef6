using Microsoft.Extensions.Options;
using ReRanker.Core.Scoring;

namespace ReRanker.Api.Settings;

/// <summary>How requests are scored and how large they may be. Section "Reranking".</summary>
public sealed class RerankingOptions
{
    public const string Section = "Reranking";

    /// <summary>What happens to hypotheses whose domain has no weights: scored by the product of confidences, or left out and reported.</summary>
    public UnweightedDomainPolicy UnweightedDomainPolicy { get; set; } = UnweightedDomainPolicy.Unweighted;

    public RequestLimits Limits { get; set; } = new();
}

/// <summary>Request size limits. Section "Reranking:Limits". Every limit is checked before scoring.</summary>
public sealed class RequestLimits
{
    /// <summary>Largest accepted request body, in bytes (default 256 KiB); larger bodies get 413.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    public int MaxHypotheses { get; set; } = 200;

    public int MaxSlotsPerHypothesis { get; set; } = 50;

    /// <summary>Longest name or value (intent, slot name/value, id, context key/value, requestId), in characters.</summary>
    public int MaxStringLength { get; set; } = 128;

    public int MaxContextKeys { get; set; } = 64;

    /// <summary>Most requests in one POST /v1/rerank/batch call.</summary>
    public int MaxBatchItems { get; set; } = 100;
}

/// <summary>Checks every limit at start-up; each failure names the configuration key, its range and the value found.</summary>
public sealed class RerankingOptionsValidator : IValidateOptions<RerankingOptions>
{
    public ValidateOptionsResult Validate(string? name, RerankingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Limits;
        var failures = new List<string>();
        if (!Enum.IsDefined(options.UnweightedDomainPolicy))
        {
            failures.Add($"Reranking:UnweightedDomainPolicy must be Unweighted or Reject (was {options.UnweightedDomainPolicy}).");
        }

        SettingRange.Check(failures, "Reranking:Limits:MaxBodyBytes", limits.MaxBodyBytes, 1024, 64 * 1024 * 1024);
        SettingRange.Check(failures, "Reranking:Limits:MaxHypotheses", limits.MaxHypotheses, 1, 10_000);
        SettingRange.Check(failures, "Reranking:Limits:MaxSlotsPerHypothesis", limits.MaxSlotsPerHypothesis, 0, 1_000);
        SettingRange.Check(failures, "Reranking:Limits:MaxStringLength", limits.MaxStringLength, 1, 10_000);
        SettingRange.Check(failures, "Reranking:Limits:MaxContextKeys", limits.MaxContextKeys, 0, 1_000);
        SettingRange.Check(failures, "Reranking:Limits:MaxBatchItems", limits.MaxBatchItems, 1, 10_000);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal static class SettingRange
{
    public static void Check(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{key} must be between {min} and {max} (was {value}).");
        }
    }
}
