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
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; } = 1;

    public bool Enabled => PermitLimit > 0;
}

public sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        SettingRange.Check(failures, "RateLimiting:PermitLimit", options.PermitLimit, 0, 1_000_000);
        SettingRange.Check(failures, "RateLimiting:WindowSeconds", options.WindowSeconds, 1, 3600);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
