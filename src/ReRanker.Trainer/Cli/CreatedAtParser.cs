using System.Globalization;
using ReRanker.Trainer.Data;

namespace ReRanker.Trainer.Cli;

/// <summary>
/// The createdAt written into weight files: <c>--created-at</c> if given, else SOURCE_DATE_EPOCH (the
/// reproducible-builds convention, seconds since 1970), else now. Fix it to get byte-identical files.
/// </summary>
internal static class CreatedAtParser
{
    public const string SourceDateEpoch = "SOURCE_DATE_EPOCH";

    public static DateTimeOffset Resolve(string? option)
    {
        if (option is not null)
        {
            return DateTimeOffset.TryParse(option, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed.ToUniversalTime()
                : throw new TrainerInputException($"--created-at '{option}' is not an ISO 8601 date and time, e.g. 2026-11-21T10:00:00Z");
        }

        var epoch = Environment.GetEnvironmentVariable(SourceDateEpoch);
        if (!string.IsNullOrEmpty(epoch))
        {
            return long.TryParse(epoch, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 253402300799
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : throw new TrainerInputException($"{SourceDateEpoch} '{epoch}' is not a whole number of seconds since 1970");
        }

        return DateTimeOffset.UtcNow;
    }
}
