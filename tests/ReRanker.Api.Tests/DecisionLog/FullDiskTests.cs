using ReRanker.Api.DecisionLog;

namespace ReRanker.Api.Tests.DecisionLog;

/// <summary>A full disk: records are dropped and counted, it is logged once, earlier segments stay intact, and writing resumes.</summary>
public sealed class FullDiskTests
{
    [Fact]
    public async Task A_full_disk_drops_and_counts_logs_once_keeps_earlier_segments_and_recovers()
    {
        var disk = new FillingDisk();
        await using var log = new WriterHarness(open: disk.Open);
        await log.StartAsync();

        log.Decide("before");
        await log.AdvanceAsync(TimeSpan.FromSeconds(1));
        await WriterHarness.EventuallyAsync(() => log.Recorder.Metrics.Written == 1, "the first record synced");

        disk.Full = true;
        for (var i = 0; i < 20; i++)
        {
            log.Decide($"lost{i}");
            await log.AdvanceAsync(TimeSpan.FromMilliseconds(100));
        }

        await WriterHarness.EventuallyAsync(() => log.Writer.State == DecisionLogState.Failing, "the writer to report failing");
        log.Recorder.Metrics.DroppedBy(DropReason.WriteFailed).Should().BeGreaterThan(0);
        log.Recorder.Metrics.WriteErrors.Should().BeGreaterThan(0);
        log.Logs.Where(l => l.Message.StartsWith("Decision log write failed", StringComparison.Ordinal)).Should().ContainSingle("an incident is logged once, not once per record");

        disk.Full = false;
        await log.AdvanceAsync(TimeSpan.FromSeconds(2));
        log.Decide("after");
        await log.AdvanceAsync(TimeSpan.FromSeconds(1));
        await WriterHarness.EventuallyAsync(() => log.Writer.State == DecisionLogState.Writing && log.Recorder.Metrics.Written == 2, "writing to resume");

        log.Logs.Should().ContainSingle(l => l.Message.StartsWith("Decision log writing again", StringComparison.Ordinal));
        var (records, _) = await log.ReadAllAsync();
        records.Select(r => r.RequestId).Should().StartWith("before").And.EndWith("after");
        (log.Recorder.Metrics.Written + log.Recorder.Metrics.DroppedBy(DropReason.WriteFailed)).Should().Be(22, "every record is either written or counted as dropped");
    }

    /// <summary>Real files whose writes and flushes fail with ENOSPC's IOException while <see cref="Full"/> is set.</summary>
    private sealed class FillingDisk
    {
        public volatile bool Full;

        public Stream Open(string path) => Full
            ? throw new IOException("No space left on device")
            : new FailingStream(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 4096), this);

        private sealed class FailingStream(FileStream inner, FillingDisk disk) : Stream
        {
            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => inner.Length;

            public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

            public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                if (disk.Full)
                {
                    // Half the line reaches the file, as when a disk fills up mid-write.
                    inner.Write(buffer[..(buffer.Length / 2)]);
                    inner.Flush();
                    throw new IOException("No space left on device");
                }

                inner.Write(buffer);
            }

            public override void Flush()
            {
                if (disk.Full)
                {
                    throw new IOException("No space left on device");
                }

                inner.Flush();
            }

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
