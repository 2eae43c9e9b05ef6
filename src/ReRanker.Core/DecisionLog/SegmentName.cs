using System.Globalization;
using System.Text.RegularExpressions;

namespace ReRanker.Core.DecisionLog;

/// <summary>
/// The one rule for segment file names: <c>decisions-&lt;replica&gt;-&lt;yyyyMMddTHHmmssfffZ&gt;-&lt;seq&gt;.jsonl</c>, the
/// segment's start time (UTC) and a sequence number that orders segments started in the same millisecond.
/// The service writes them; the importer reads every file of this shape in a folder, whatever the replica.
/// </summary>
public static partial class SegmentName
{
    public const string Prefix = "decisions-";

    public const string Extension = ".jsonl";

    /// <summary>The rule for replica ids (they are part of file names).</summary>
    public const string ReplicaPattern = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$";

    private const string TimeFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    public static bool IsValidReplica(string? replica) => replica is not null && ReplicaRegex().IsMatch(replica);

    /// <summary>A replica id made from a host name: characters a file name cannot carry become '-', at most 64 characters.</summary>
    public static string ReplicaFromHostName(string hostName)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        var cleaned = new string(hostName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-').ToArray()).Trim('-', '.', '_');
        cleaned = cleaned.Length > 64 ? cleaned[..64] : cleaned;
        return IsValidReplica(cleaned) ? cleaned : "replica";
    }

    public static string Format(string replica, DateTimeOffset start, int sequence)
    {
        if (!IsValidReplica(replica))
        {
            throw new ArgumentException($"A replica id must match {ReplicaPattern}.", nameof(replica));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{replica}-{start.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}-{sequence:D4}{Extension}");
    }

    /// <summary>Reads a segment file name (without folder); false for any other file.</summary>
    public static bool TryParse(string fileName, out string replica, out DateTimeOffset start, out int sequence)
    {
        replica = string.Empty;
        start = default;
        sequence = 0;
        var match = NameRegex().Match(fileName ?? string.Empty);
        if (!match.Success
            || !DateTimeOffset.TryParseExact(match.Groups["time"].Value, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out start)
            || !int.TryParse(match.Groups["seq"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
        {
            return false;
        }

        replica = match.Groups["replica"].Value;
        return true;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ReplicaRegex();

    [GeneratedRegex(@"^decisions-(?<replica>[A-Za-z0-9][A-Za-z0-9_.-]{0,63})-(?<time>[0-9]{8}T[0-9]{9}Z)-(?<seq>[0-9]{4,9})\.jsonl\z", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
