using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ReRanker.Api.DecisionLog;
using ReRanker.Core.DecisionLog;

namespace ReRanker.Api.Tests.DecisionLog;

/// <summary>The writer: records reach disk on the flush cadence, segments rotate and expire, and nothing blocks or fails a request.</summary>
public sealed class DecisionLogWriterTests
{
    [Fact]
    public async Task A_record_reaches_its_segment_at_the_flush_interval_not_before()
    {
        await using var log = new WriterHarness();
        await log.StartAsync();

        log.Decide("r1");
        await log.AdvanceAsync(TimeSpan.FromMilliseconds(400));
        await WriterHarness.EventuallyAsync(() => log.Segments().Length == 1, "the segment to be opened for the record");

        new FileInfo(Path.Combine(log.Folder, log.Segments()[0])).Length.Should().Be(0, "the record waits in the segment's buffer until the flush");
        log.Writer.LastSyncAt.Should().BeNull();

        log.Time.Advance(TimeSpan.FromMilliseconds(100));

        await WriterHarness.EventuallyAsync(() => log.Recorder.Metrics.Written == 1, "the record to be synced at 500 ms");
        log.Writer.LastSyncAt.Should().Be(log.Time.GetUtcNow());
        (await log.ReadAllAsync()).Records.Should().ContainSingle().Which.RequestId.Should().Be("r1");
    }

    [Fact]
    public async Task Segments_rotate_by_size_and_every_record_is_read_back_in_order()
    {
        await using var log = new WriterHarness(o => o.SegmentMaxBytes = 4096);
        await log.StartAsync();

        for (var i = 0; i < 40; i++)
        {
            log.Decide($"r{i}", WriterHarness.Hypothesis("music", $"song {i}"), WriterHarness.Hypothesis("video", $"film {i}"));
        }

        await log.AdvanceAsync(TimeSpan.FromSeconds(1));
        await WriterHarness.EventuallyAsync(() => log.Recorder.Metrics.Written == 40, "40 records written");

        var segments = log.Segments();
        segments.Length.Should().BeGreaterThan(3);
        segments.Should().OnlyContain(s => new FileInfo(Path.Combine(log.Folder, s)).Length <= 4096);
        segments.Should().OnlyContain(s => s.StartsWith("decisions-test-replica-", StringComparison.Ordinal));
        var (records, skipped) = await log.ReadAllAsync();
        records.Select(r => r.RequestId).Should().Equal(Enumerable.Range(0, 40).Select(i => $"r{i}"));
        skipped.Should().BeEmpty();
    }

    [Fact]
    public async Task A_segment_is_closed_when_it_reaches_its_maximum_age()
    {
        await using var log = new WriterHarness(o => o.SegmentMaxAge = TimeSpan.FromMinutes(10));
        await log.StartAsync();

        log.Decide("early");
        await log.AdvanceAsync(TimeSpan.FromMinutes(10));
        await WriterHarness.EventuallyAsync(() => log.Writer.ActiveSegment is null, "the aged segment to be closed");
        log.Decide("late");
        await log.AdvanceAsync(TimeSpan.FromSeconds(1));
        await WriterHarness.EventuallyAsync(() => log.Recorder.Metrics.Written == 2, "both records written");

        log.Segments().Should().HaveCount(2);
        (await log.ReadAllAsync()).Records.Select(r => r.RequestId).Should().Equal("early", "late");
    }

    [Fact]
    public async Task Retention_deletes_this_replicas_oldest_segments_by_age_and_by_total_size_and_never_another_replicas()
    {
        await using var log = new WriterHarness(o =>
        {
            o.RetentionAge = TimeSpan.FromDays(1);
            o.SegmentMaxAge = TimeSpan.FromHours(1);
            o.RetentionMaxBytes = 10_000;
            o.SegmentMaxBytes = 4096;
        });
        Directory.CreateDirectory(log.Folder);
        var now = log.Time.GetUtcNow();
        string Segment(string replica, TimeSpan ago, int bytes)
        {
            var name = SegmentName.Format(replica, now - ago, 0);
            File.WriteAllBytes(Path.Combine(log.Folder, name), new byte[bytes]);
            return name;
        }

        var expired = Segment("test-replica", TimeSpan.FromDays(2), 10);
        var oldest = Segment("test-replica", TimeSpan.FromHours(5), 4000);
        var middle = Segment("test-replica", TimeSpan.FromHours(4), 4000);
        var newest = Segment("test-replica", TimeSpan.FromHours(3), 4000);
        var other = Segment("other-replica", TimeSpan.FromDays(3), 50_000);
        File.WriteAllText(Path.Combine(log.Folder, "notes.txt"), "not a segment");

        await log.StartAsync();
        await WriterHarness.EventuallyAsync(() => !File.Exists(Path.Combine(log.Folder, oldest)), "retention at start");

        log.Segments().Should().BeEquivalentTo([middle, newest, other], "12,000 bytes of this replica exceed 10,000: the oldest goes; the expired one went by age");
        File.Exists(Path.Combine(log.Folder, expired)).Should().BeFalse();
        File.Exists(Path.Combine(log.Folder, "notes.txt")).Should().BeTrue();
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_instead_of_waiting()
    {
        await using var log = new WriterHarness(o => o.QueueCapacity = 3);
        using var dropped = new MetricCollector<long>(log.Meters, DecisionLogMetrics.MeterName, "reranker.decision_log.records.dropped");

        // The writer is not started, so nothing leaves the queue.
        for (var i = 0; i < 5; i++)
        {
            log.Decide($"r{i}").RequestId.Should().Be($"r{i}", "the request is served whatever the log does");
        }

        log.Recorder.RecordFeedback("r0", FeedbackOutcome.Accepted, null).Should().BeFalse();
        log.Recorder.QueueLength.Should().Be(3);
        log.Recorder.Metrics.DroppedBy(DropReason.QueueFull).Should().Be(3);
        dropped.GetMeasurementSnapshot().Should().HaveCount(3).And.OnlyContain(m => m.Value == 1 && (string?)m.Tags["reason"] == "queue_full");

        await log.StartAsync();
        await log.AdvanceAsync(TimeSpan.FromSeconds(1));
        await WriterHarness.EventuallyAsync(() => log.Recorder.Metrics.Written == 3, "the queued records written once the writer runs");
    }

    [Fact]
    public async Task Stopping_writes_and_syncs_everything_still_queued()
    {
        await using var log = new WriterHarness();
        await log.StartAsync();
        for (var i = 0; i < 100; i++)
        {
            log.Decide($"r{i}");
        }

        await log.StopAsync();

        log.Writer.State.Should().Be(DecisionLogState.Stopped);
        log.Recorder.Metrics.Written.Should().Be(100);
        (await log.ReadAllAsync()).Records.Should().HaveCount(100);
        log.Decide("after").RequestId.Should().Be("after");
        log.Recorder.Metrics.DroppedBy(DropReason.Unavailable).Should().Be(1, "a record after the stop is dropped and counted, never an error");
    }

    [Fact]
    public async Task A_folder_that_cannot_be_created_makes_the_log_unavailable_and_requests_still_succeed()
    {
        await using var log = new WriterHarness(o => o.Path = Path.Combine(Path.GetTempPath(), $"reranker-not-a-dir-{Guid.NewGuid():N}", "log"));
        var blocker = Path.GetDirectoryName(log.Options.ResolvedPath)!;
        File.WriteAllText(blocker, "a file where the folder's parent should be");
        try
        {
            await log.StartAsync();
            log.Decide("r1").RequestId.Should().Be("r1");
            await log.DrainedAsync();

            log.Writer.State.Should().Be(DecisionLogState.Unavailable);
            log.Recorder.Metrics.DroppedBy(DropReason.Unavailable).Should().Be(1);
            log.Logs.Should().ContainSingle(l => l.Message.StartsWith("Decision log unavailable", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(blocker);
        }
    }
}
