using Microsoft.Extensions.Options;

namespace ReRanker.Registry;

/// <summary>Start-up validation of <see cref="RegistryOptions"/>: every message names the setting and says what is allowed.</summary>
internal sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
{
    private const string Prefix = RegistryOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var isLocal = string.Equals(options.Source, RegistryOptions.LocalSource, StringComparison.OrdinalIgnoreCase);
        if (!isLocal && !options.IsHttp)
        {
            errors.Add($"{Prefix}Source is '{options.Source}'; use 'local' or 'http'.");
        }

        Range(errors, "PollInterval", options.PollInterval, TimeSpan.FromMilliseconds(50), TimeSpan.FromHours(1));
        Range(errors, "HalfWrittenRetryWindow", options.HalfWrittenRetryWindow, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Range(errors, "WatcherDebounce", options.WatcherDebounce, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        if (isLocal)
        {
            ValidateLocal(errors, options);
        }
        else if (options.IsHttp)
        {
            ValidateHttp(errors, options.Http);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateLocal(List<string> errors, RegistryOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            errors.Add($"{Prefix}Path is not set; set it to the registry folder (the repository's deploy/registry, /registry in the container).");
            return;
        }

        string path;
        try
        {
            path = options.ResolvedPath;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            errors.Add($"{Prefix}Path '{options.Path}' is not a valid path: {ex.Message}");
            return;
        }

        if (!Directory.Exists(path))
        {
            errors.Add($"{Prefix}Path '{path}' is not an existing folder.");
        }
    }

    private static void ValidateHttp(List<string> errors, HttpSourceOptions http)
    {
        const string HttpPrefix = Prefix + "Http:";
        if (http.IndexUrl is null)
        {
            errors.Add($"{HttpPrefix}IndexUrl is required when {Prefix}Source is 'http'.");
        }
        else if (!http.IndexUrl.IsAbsoluteUri || (http.IndexUrl.Scheme != Uri.UriSchemeHttp && http.IndexUrl.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{HttpPrefix}IndexUrl '{http.IndexUrl}' must be an absolute http or https URL.");
        }

        // Ranges are Polly v8's own limits, checked here so that a bad value fails at start-up, not at the first poll.
        Range(errors, "Http:Timeout", http.Timeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(24));
        Range(errors, "Http:RetryBaseDelay", http.RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromHours(1));
        Range(errors, "Http:BreakerSamplingDuration", http.BreakerSamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        Range(errors, "Http:BreakerBreakDuration", http.BreakerBreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        if (http.MaxRetryAttempts is < 0 or > 10)
        {
            errors.Add($"{HttpPrefix}MaxRetryAttempts is {http.MaxRetryAttempts}; it must be within [0, 10].");
        }

        if (!(http.BreakerFailureRatio > 0 && http.BreakerFailureRatio <= 1))
        {
            errors.Add($"{HttpPrefix}BreakerFailureRatio is {http.BreakerFailureRatio}; it must be within (0, 1].");
        }

        if (http.BreakerMinimumThroughput < 2)
        {
            errors.Add($"{HttpPrefix}BreakerMinimumThroughput is {http.BreakerMinimumThroughput}; it must be at least 2.");
        }
    }

    private static void Range(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{Prefix}{key} is {value}; it must be within [{min}, {max}].");
        }
    }
}
