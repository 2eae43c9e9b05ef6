using ReRanker.Api.DecisionLog;
using ReRanker.Core.DecisionLog;

namespace ReRanker.Api.Tests.DecisionLog;

/// <summary>Retention runs off the writer's thread, so it must leave the active segment and any newer one alone whatever their size.</summary>
public sealed class SegmentRetentionTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("reranker-retention-").FullName;

    [Fact]
    public void Retention_over_the_size_limit_spares_the_active_segment_and_segments_opened_after_it()
    {
        var options = new DecisionLogOptions { Path = _folder, ReplicaId = "r", SegmentMaxBytes = 4096, RetentionMaxBytes = 4096 };
        using var files = new SegmentFiles(_folder, "r", options);
        var older = Write(Now - TimeSpan.FromMinutes(5), 0, 3000);
        files.Append(new byte[3000], Now);
        files.Flush();
        var sameMillisecondNext = Write(files.ActiveStart!.Value, 9, 3000);
        var newer = Write(Now + TimeSpan.FromSeconds(1), 0, 3000);

        var (deleted, errors) = files.ApplyRetention(Now, files.ActiveName, files.ActiveBytes);

        errors.Should().BeEmpty();
        deleted.Should().Be(1);
        File.Exists(older).Should().BeFalse("the only segment older than the active one, and the total is over the limit");
        File.Exists(Path.Combine(_folder, files.ActiveName!)).Should().BeTrue();
        File.Exists(sameMillisecondNext).Should().BeTrue();
        File.Exists(newer).Should().BeTrue();
    }

    [Fact]
    public void Retention_with_no_active_segment_spares_segments_started_from_now_on()
    {
        var options = new DecisionLogOptions { Path = _folder, ReplicaId = "r", SegmentMaxBytes = 4096, RetentionMaxBytes = 4096 };
        using var files = new SegmentFiles(_folder, "r", options);
        var oldest = Write(Now - TimeSpan.FromMinutes(10), 0, 3000);
        var older = Write(Now - TimeSpan.FromMinutes(5), 0, 3000);
        var opening = Write(Now, 0, 3000);

        files.ApplyRetention(Now, activeName: null, activeBytes: 0).Deleted.Should().Be(1, "6,000 closed bytes are over 4,096, 3,000 are not");

        File.Exists(oldest).Should().BeFalse();
        File.Exists(older).Should().BeTrue();
        File.Exists(opening).Should().BeTrue("a segment opened at the moment the pass began may be the writer's next one");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(DateTimeOffset start, int sequence, int bytes)
    {
        var path = Path.Combine(_folder, SegmentName.Format("r", start, sequence));
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }
}
