using Microsoft.Extensions.Options;
using ReRanker.Api.Settings;
using ReRanker.Core.DecisionLog;

namespace ReRanker.Api.DecisionLog;

/// <summary>
/// The decision log (docs/privacy.md): every served decision and every feedback, as JSON lines in segment files.
/// Section "DecisionLog". On by default, under <c>&lt;app&gt;/data/decision-log</c>; off when <see cref="Path"/> is empty.
/// </summary>
public sealed class DecisionLogOptions
{
    public const string Section = "DecisionLog";

    /// <summary>Smallest accepted HMAC key, in bytes (the HMAC-SHA256 block of a strong secret).</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>
    /// Folder of this replica's segments. Unset: <c>&lt;app&gt;/data/decision-log</c>. Empty: the log is off.
    /// Relative paths resolve against the current directory.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// The secret that hashes slot values (base64, at least 32 bytes). Replicas whose records are imported together
    /// need the same one. Unset: a key generated at first start and kept in <see cref="HmacKeyFile"/>. Never logged.
    /// </summary>
    public string? HmacKey { get; set; }

    /// <summary>Where the generated key is kept (mode 0600). Unset: beside the log folder, <c>&lt;Path&gt;.hmac-key</c>; never inside it.</summary>
    public string? HmacKeyFile { get; set; }

    /// <summary>This replica's id, part of every segment's name and record. Unset: the host name (the pod name in Kubernetes).</summary>
    public string? ReplicaId { get; set; }

    /// <summary>A segment is closed and a new one started when it would grow past this size.</summary>
    public long SegmentMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>A segment is closed and a new one started when it is this old.</summary>
    public TimeSpan SegmentMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Segments whose records are all older than this are deleted.</summary>
    public TimeSpan RetentionAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The oldest segments of this replica are deleted while its segments together are larger than this.</summary>
    public long RetentionMaxBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Records waiting for the writer; when full, new records are dropped and counted (a request never waits).</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>How often the active segment is flushed and synced to disk (at most 1 s: a crash loses at most that).</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public bool Enabled => Path is null || !string.IsNullOrWhiteSpace(Path);

    /// <summary><see cref="Path"/> made absolute (the default folder when unset).</summary>
    public string ResolvedPath => Path is null
        ? System.IO.Path.Combine(AppContext.BaseDirectory, "data", "decision-log")
        : System.IO.Path.GetFullPath(Path);

    public string ResolvedKeyFile => string.IsNullOrWhiteSpace(HmacKeyFile)
        ? System.IO.Path.TrimEndingDirectorySeparator(ResolvedPath) + ".hmac-key"
        : System.IO.Path.GetFullPath(HmacKeyFile);

    public string ResolvedReplicaId => ReplicaId ?? SegmentName.ReplicaFromHostName(Environment.MachineName);
}

/// <summary>Checks every setting at start-up; a failure names the key and never shows the secret.</summary>
public sealed class DecisionLogOptionsValidator : IValidateOptions<DecisionLogOptions>
{
    public ValidateOptionsResult Validate(string? name, DecisionLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (options.HmacKey is { Length: > 0 } key && !IsStrongKey(key))
        {
            failures.Add($"DecisionLog:HmacKey must be base64 of at least {DecisionLogOptions.MinimumKeyBytes} bytes (e.g. `openssl rand -base64 32`); leave it unset to generate one.");
        }

        if (options.ReplicaId is not null && !SegmentName.IsValidReplica(options.ReplicaId))
        {
            failures.Add($"DecisionLog:ReplicaId must match {SegmentName.ReplicaPattern} (it is part of file names).");
        }

        if (IsInside(options.ResolvedKeyFile, options.ResolvedPath))
        {
            failures.Add("DecisionLog:HmacKeyFile must not be inside DecisionLog:Path (the log folder is shipped to training; the key must not go with it).");
        }

        Check(failures, "DecisionLog:SegmentMaxBytes", options.SegmentMaxBytes, 4096, 16L << 30);
        Check(failures, "DecisionLog:RetentionMaxBytes", options.RetentionMaxBytes, Math.Max(4096, options.SegmentMaxBytes), 16L << 40);
        SettingRange.Check(failures, "DecisionLog:QueueCapacity", options.QueueCapacity, 1, 10_000_000);
        Check(failures, "DecisionLog:SegmentMaxAge", options.SegmentMaxAge, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));
        Check(failures, "DecisionLog:RetentionAge", options.RetentionAge, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650));
        Check(failures, "DecisionLog:FlushInterval", options.FlushInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsStrongKey(string base64) => TryDecodeKey(base64, out var bytes) && bytes.Length >= DecisionLogOptions.MinimumKeyBytes;

    internal static bool TryDecodeKey(string base64, out byte[] bytes)
    {
        bytes = new byte[(base64.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(base64.Trim(), bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        bytes = [];
        return false;
    }

    private static bool IsInside(string file, string folder)
    {
        var relative = System.IO.Path.GetRelativePath(folder, file);
        return relative != ".." && !relative.StartsWith(".." + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) && !System.IO.Path.IsPathRooted(relative);
    }

    private static void Check(List<string> failures, string key, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{key} must be between {min} and {max} (was {value}).");
        }
    }

    private static void Check(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{key} must be between {min} and {max} (was {value}).");
        }
    }
}
