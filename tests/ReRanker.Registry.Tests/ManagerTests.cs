using ReRanker.Registry;

namespace ReRanker.Registry.Tests;

/// <summary>The manager on its own, scanned by hand: caching of rejections, readiness, an unreachable root.</summary>
public sealed class ManagerTests : IDisposable
{
    private readonly TempRegistry _dir = new();
    private readonly List<IDisposable> _created = [];

    public void Dispose()
    {
        _created.ForEach(d => d.Dispose());
        _dir.Dispose();
    }

    [Fact]
    public async Task A_known_bad_file_is_not_read_again_until_it_changes()
    {
        _dir.Write("music", 2);
        var bad = _dir.WriteBytes("music", "3.json", "{"u8.ToArray());
        var (manager, source) = Create(TimeSpan.Zero); // no half-written window: every file is judged at once

        await manager.ReloadAsync(CancellationToken.None);
        var readsAfterFirstScan = source.Reads.Count(r => r.EndsWith("3.json", StringComparison.Ordinal));
        await manager.ReloadAsync(CancellationToken.None);
        await manager.ReloadAsync(CancellationToken.None);

        // One read on the first scan; later scans use the remembered rejection.
        readsAfterFirstScan.Should().Be(1);
        source.Reads.Count(r => r.EndsWith("3.json", StringComparison.Ordinal)).Should().Be(readsAfterFirstScan);
        manager.GetStatus().Domains.Single().LastError!.File.Should().Be(bad);

        _dir.Write("music", 3); // a change of length/time: read again, now valid
        await manager.ReloadAsync(CancellationToken.None);
        manager.Current.TryGet("music", out var served).Should().BeTrue();
        served!.Version.Should().Be(3);
        manager.GetStatus().Domains.Single().LastError.Should().BeNull();
    }

    [Fact]
    public async Task Readiness_waits_for_the_first_scan_and_a_vanished_root_keeps_the_last_good_weights()
    {
        _dir.Write("music", 1);
        var (manager, _) = Create(TimeSpan.Zero);
        manager.IsReady.Should().BeFalse();
        manager.Current.Count.Should().Be(0, "empty, never null, before the first scan");

        var firstSuccess = (await manager.ReloadAsync(CancellationToken.None)).LastSuccessfulScanAt;
        manager.IsReady.Should().BeTrue();

        Directory.Move(_dir.Root, _dir.Root + ".moved");
        var status = await manager.ReloadAsync(CancellationToken.None);

        status.SourceReachable.Should().BeFalse();
        status.SourceError.Should().Contain("does not exist");
        status.LastSuccessfulScanAt.Should().Be(firstSuccess, "staleness is measured from the last good read");
        status.LastFullScanAt.Should().BeOnOrAfter(firstSuccess!.Value, "the failed attempt still counts as a scan");
        manager.Current.TryGet("music", out _).Should().BeTrue("the last good weights keep serving");
        status.Domains.Single().ServedVersion.Should().Be(1);
    }

    private (WeightRegistryManager Manager, RecordingSource Source) Create(TimeSpan halfWrittenWindow)
    {
        var registry = new ManualRegistry(_dir.Root, halfWrittenWindow);
        _created.Add(registry);
        return (registry.Manager, registry.Source);
    }
}
