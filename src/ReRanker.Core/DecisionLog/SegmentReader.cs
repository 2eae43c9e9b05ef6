using System.Runtime.CompilerServices;
using ReRanker.Core.Corpus;

namespace ReRanker.Core.DecisionLog;

/// <summary>A line of a segment that was not read: torn (the unfinished last line a crash leaves) or invalid.</summary>
public sealed record SkippedLine(long LineNumber, bool Torn, string Field, string Reason);

/// <summary>
/// Streams the records of one segment (the caller opens it). A crash can leave the last line unfinished: a last
/// line without its newline that does not parse is reported as torn and skipped; any other line that does not
/// parse is reported as invalid and skipped. Neither stops the rest of the segment from being read.
/// </summary>
public static class SegmentReader
{
    private const int ChunkSize = 64 * 1024;

    public static async IAsyncEnumerable<LogRecord> ReadAsync(
        Stream stream, Action<SkippedLine>? onSkipped = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[ChunkSize];
        int start = 0, end = 0;
        long lineNumber = 0;
        while (true)
        {
            if (end == buffer.Length)
            {
                // Make room: drop what was consumed, or grow for a line longer than the buffer.
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                else
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }

            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            var scanFrom = end;
            end += read;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', scanFrom, end - scanFrom)) >= 0)
            {
                lineNumber++;
                if (TryParse(buffer.AsMemory(start, newline - start), lineNumber, torn: false, onSkipped) is { } record)
                {
                    yield return record;
                }

                start = scanFrom = newline + 1;
            }
        }

        if (end > start)
        {
            lineNumber++;
            if (TryParse(buffer.AsMemory(start, end - start), lineNumber, torn: true, onSkipped) is { } last)
            {
                yield return last;
            }
        }
    }

    private static LogRecord? TryParse(ReadOnlyMemory<byte> line, long lineNumber, bool torn, Action<SkippedLine>? onSkipped)
    {
        if (IsBlank(line.Span))
        {
            return null;
        }

        try
        {
            return DecisionLogParser.Parse(line, lineNumber);
        }
        catch (CorpusFormatException ex)
        {
            onSkipped?.Invoke(new SkippedLine(lineNumber, torn, ex.Field, ex.Reason));
            return null;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }
}
