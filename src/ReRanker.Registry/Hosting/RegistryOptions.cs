namespace ReRanker.Registry;

/// <summary>Settings of the weight registry, bound from the configuration section <c>Registry</c> (docs/registry.md).</summary>
public sealed class RegistryOptions
{
    public const string SectionName = "Registry";

    public const string LocalSource = "local";

    public const string HttpSource = "http";

    /// <summary>
    /// Root folder of the local registry (<c>&lt;root&gt;/&lt;domain&gt;/&lt;version&gt;.json</c>); required by the local
    /// source. Relative paths resolve against the current directory. <c>dotnet run</c> sets it to the repository's
    /// <c>deploy/registry</c> (Properties/launchSettings.json), the container image to <c>/registry</c>.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>"local" (the default) or "http".</summary>
    public string Source { get; set; } = LocalSource;

    /// <summary>Time between full rescans (local) or index polls (http).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A file that fails to load and changed less than this long ago may be half-written: it gets no verdict until it
    /// changes again or this long after its last change has passed. Files that are not changing are judged at once.
    /// </summary>
    public TimeSpan HalfWrittenRetryWindow { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether the local source also watches the folder (fast pick-up). Off, only the rescan every
    /// <see cref="PollInterval"/> sees changes: for volumes where watchers cannot work or inotify watches are scarce.
    /// </summary>
    public bool WatchFileSystem { get; set; } = true;

    /// <summary>Pause after a file-system event before the local source rescans (bursts of events give one scan).</summary>
    public TimeSpan WatcherDebounce { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Settings of the HTTP source; used when <see cref="Source"/> is "http".</summary>
    public HttpSourceOptions Http { get; set; } = new();

    public bool IsHttp => string.Equals(Source, HttpSource, StringComparison.OrdinalIgnoreCase);

    /// <summary><see cref="Path"/> made absolute.</summary>
    public string ResolvedPath => string.IsNullOrWhiteSpace(Path)
        ? throw new InvalidOperationException($"{SectionName}:Path is not set")
        : System.IO.Path.GetFullPath(Path);
}

/// <summary>The HTTP source: an index document polled through the resilience handler of its client (retry, circuit breaker, timeout; RegistryHttpClient).</summary>
public sealed class HttpSourceOptions
{
    /// <summary>Absolute http(s) URL of the index document; weight-file URLs in it are relative to it.</summary>
    public Uri? IndexUrl { get; set; }

    /// <summary>Timeout of one attempt (index or file).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a failed attempt (0 turns retrying off).</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay; doubles per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Share of failed attempts within <see cref="BreakerSamplingDuration"/> that opens the circuit.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts within <see cref="BreakerSamplingDuration"/> before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; set; } = 4;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open (calls fail fast) before one trial call is let through.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
