using Microsoft.Extensions.Options;
using ReRanker.Api.Settings;

namespace ReRanker.Api.Logging;

/// <summary>How log lines reach the console. Section "Logs"; levels stay in the "Serilog" section.</summary>
public sealed class LogOptions
{
    public const string Section = "Logs";

    /// <summary><see cref="LogFormat.Auto"/>: readable text in Development, compact JSON everywhere else.</summary>
    public LogFormat Format { get; set; } = LogFormat.Auto;

    /// <summary>Events the background writer may hold; beyond it new events are dropped and counted, never waited for.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    public bool IsReadable(bool development) => Format == LogFormat.Text || (Format == LogFormat.Auto && development);
}

public enum LogFormat
{
    /// <summary>Text in Development, JSON elsewhere.</summary>
    Auto,

    /// <summary>Compact JSON (CLEF), one event per line: for log collectors.</summary>
    Json,

    /// <summary>One readable line per event: for a person at a terminal.</summary>
    Text,
}

public sealed class LogOptionsValidator : IValidateOptions<LogOptions>
{
    public ValidateOptionsResult Validate(string? name, LogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        SettingRange.Check(failures, "Logs:QueueCapacity", options.QueueCapacity, 100, 1_000_000);
        if (!Enum.IsDefined(options.Format))
        {
            failures.Add("Logs:Format must be Auto, Json or Text.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
