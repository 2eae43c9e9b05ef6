using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ReRanker.Api.Settings;

/// <summary>
/// Per-client fixed-window rate limit on /v1 endpoints. Section "RateLimiting". Off by default
/// (<see cref="PermitLimit"/> 0); when on, requests over the limit get 429.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Requests allowed per client (remote IP) per window; 0 turns rate limiting off.</summary>
    [Range(0, 1_000_000, ErrorMessage = "RateLimiting:PermitLimit must be between 0 (off) and 1000000.")]
    public int PermitLimit { get; set; }

    [Range(1, 3600, ErrorMessage = "RateLimiting:WindowSeconds must be between 1 and 3600.")]
    public int WindowSeconds { get; set; } = 1;

    public bool Enabled => PermitLimit > 0;
}

[OptionsValidator]
public sealed partial class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>;
