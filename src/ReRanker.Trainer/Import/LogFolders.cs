using ReRanker.Core.DecisionLog;
using ReRanker.Trainer.Data;

namespace ReRanker.Trainer.Import;

/// <summary>What reading the folders met besides records.</summary>
internal sealed class ReadTally
{
    public int Folders { get; set; }

    public int Segments { get; set; }

    public long TornLines { get; set; }

    public long InvalidLines { get; set; }

    /// <summary>The first few invalid lines, as "segment line n: field: reason", for the report.</summary>
    public List<string> InvalidExamples { get; } = [];
}

/// <summary>Every segment of every decision-log folder (any replica), in name order (replica, start time, sequence), read with Core's reader.</summary>
internal static class LogFolders
{
    private const int InvalidExamplesKept = 5;

    /// <summary>The segment files of the folders; a folder that does not exist is bad input.</summary>
    public static IReadOnlyList<string> Segments(IReadOnlyList<string> folders)
    {
        var segments = new List<string>();
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                throw new TrainerInputException($"--log '{folder}' is not a folder");
            }

            segments.AddRange(Directory.EnumerateFiles(folder)
                .Where(f => SegmentName.TryParse(Path.GetFileName(f), out _, out _, out _))
                .Order(StringComparer.Ordinal));
        }

        return segments;
    }

    /// <summary>Streams every record; torn and invalid lines are counted in <paramref name="tally"/> (only the first pass counts).</summary>
    public static async IAsyncEnumerable<LogRecord> ReadAsync(
        IReadOnlyList<string> segments, ReadTally? tally, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var segment in segments)
        {
            // The active segment of a running service is being appended to: share it, and read what is there.
            await using var stream = new FileStream(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true);
            var name = Path.GetFileName(segment);
            await foreach (var record in SegmentReader.ReadAsync(stream, skipped => Count(tally, name, skipped), cancellationToken).ConfigureAwait(false))
            {
                yield return record;
            }
        }
    }

    private static void Count(ReadTally? tally, string segment, SkippedLine skipped)
    {
        if (tally is null)
        {
            return;
        }

        if (skipped.Torn)
        {
            tally.TornLines++;
            return;
        }

        tally.InvalidLines++;
        if (tally.InvalidExamples.Count < InvalidExamplesKept)
        {
            tally.InvalidExamples.Add($"{segment} line {skipped.LineNumber}: {skipped.Field}: {skipped.Reason}");
        }
    }
}
