using System.Text;
using ReRanker.Core.DecisionLog;
using static ReRanker.Core.Tests.DecisionLog.DecisionLogFormatTests;

namespace ReRanker.Core.Tests.DecisionLog;

/// <summary>A crash leaves at most a torn last line; it and any corrupt line are skipped, every other record is read.</summary>
public class SegmentReaderTests
{
    [Fact]
    public async Task Every_complete_line_is_read_and_the_torn_last_line_is_reported_as_torn()
    {
        var lines = Enumerable.Range(0, 5).Select(Feedback).ToArray();
        var text = string.Join("\n", lines) + "\n" + Feedback(5)[..40];

        var (records, skipped) = await ReadAsync(Encoding.UTF8.GetBytes(text));

        records.Select(r => r.RequestId).Should().Equal("r0", "r1", "r2", "r3", "r4");
        skipped.Should().ContainSingle().Which.Should().BeEquivalentTo(new { LineNumber = 6L, Torn = true });
    }

    [Fact]
    public async Task A_complete_last_line_without_its_newline_is_still_a_record()
    {
        var (records, skipped) = await ReadAsync(Encoding.UTF8.GetBytes(Feedback(0) + "\n" + Feedback(1)));

        records.Should().HaveCount(2);
        skipped.Should().BeEmpty();
    }

    [Fact]
    public async Task A_corrupt_line_in_the_middle_is_skipped_as_invalid_and_the_rest_is_read()
    {
        var bytes = Encoding.UTF8.GetBytes(Feedback(0) + "\n{\"kind\":\n\n" + Feedback(2) + "\n").ToList();
        bytes.InsertRange(0, [0xFF, (byte)'\n']);

        var (records, skipped) = await ReadAsync([.. bytes]);

        records.Select(r => r.RequestId).Should().Equal("r0", "r2");
        skipped.Select(s => (s.LineNumber, s.Torn)).Should().Equal((1L, false), (3L, false));
    }

    [Fact]
    public async Task Lines_longer_than_the_read_buffer_are_read_whole()
    {
        var longId = new string('x', 200_000);
        var (records, _) = await ReadAsync(Encoding.UTF8.GetBytes(Feedback(0) + "\n" + Feedback(1).Replace("r1", longId, StringComparison.Ordinal) + "\n" + Feedback(2) + "\n"));

        records.Select(r => r.RequestId.Length).Should().Equal(2, 200_000, 2);
    }

    private static string Feedback(int i) =>
        Write(w => DecisionLogFormat.WriteFeedback(w, new LogRecordHeader($"r{i}", DateTimeOffset.UnixEpoch, "a", "k"), FeedbackOutcome.Accepted, null, new Marking()));

    private static async Task<(List<LogRecord> Records, List<SkippedLine> Skipped)> ReadAsync(byte[] bytes)
    {
        var records = new List<LogRecord>();
        var skipped = new List<SkippedLine>();
        await foreach (var record in SegmentReader.ReadAsync(new MemoryStream(bytes), skipped.Add))
        {
            records.Add(record);
        }

        return (records, skipped);
    }
}
