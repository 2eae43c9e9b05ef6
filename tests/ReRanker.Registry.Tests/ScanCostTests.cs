using System.Text;
using ReRanker.Tests.Shared.Registry;

namespace ReRanker.Registry.Tests;

/// <summary>
/// What bad files cost: each is read once per change (twice if it fails while still changing), never re-read in a
/// loop, never in the way of readiness or of other domains. Counted in reads and scans, not timed.
/// </summary>
public sealed class ScanCostTests : IDisposable
{
    private readonly TempRegistry _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Fresh_invalid_files_are_read_once_by_a_scan_then_once_more_when_their_window_has_passed()
    {
        _dir.Write("music", 1);
        for (var version = 2; version <= 51; version++)
        {
            _dir.WriteBytes("music", $"{version}.json", "{"u8.ToArray());
        }

        using var registry = new ManualRegistry(_dir.Root, TimeSpan.FromMilliseconds(500));
        var first = await registry.ScanAsync();

        // Half-written, perhaps: no verdict and no re-reading in place; the scan moves on at once.
        registry.Source.Reads.Count.Should().Be(51, "one read per file");
        first.Domains.Single().Changing.Should().HaveCount(50);
        first.Domains.Single().Errors.Should().BeEmpty();
        registry.Manager.IsReady.Should().BeTrue();
        await registry.ScanAsync();
        registry.Source.Reads.Count.Should().Be(51, "a changing file is not read again before its window ends");

        var settled = first;
        while (settled.Domains.Single().Changing.Count > 0)
        {
            await Wait.UntilAsync(() => DateTimeOffset.UtcNow > registry.Manager.NextRetryAt, "the next window has passed");
            settled = await registry.ScanAsync();
        }

        await registry.ScanAsync();
        Enumerable.Range(2, 50).Select(v => registry.Reads($"/{v}.json")).Should().OnlyContain(
            reads => reads == 2, "each invalid file is read once more for its verdict, then never again");
        settled.Domains.Single().Errors.Should().HaveCount(50).And.OnlyContain(e => e.Reason.Contains("not valid JSON", StringComparison.Ordinal));
        settled.Domains.Single().ServedVersion.Should().Be(1);
    }

    [Fact]
    public async Task Readiness_comes_with_the_first_scan_while_bad_files_still_wait_for_their_verdict()
    {
        _dir.Write("music", 1);
        for (var version = 2; version <= 21; version++)
        {
            _dir.WriteBytes("music", $"{version}.json", Encoding.UTF8.GetBytes(HostileRegistry.Text("music", version)[..30]));
        }

        // A long window: had the first scan waited for bad files to settle, readiness would have come only after it.
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root, ("Registry:HalfWrittenRetryWindow", "00:00:30"));

        host.Registry.IsReady.Should().BeTrue();
        host.Registry.ServedVersion("music").Should().Be(1);
        host.Registry.Domain("music")!.Changing.Should().HaveCount(20);
    }

    [Fact]
    public async Task A_socket_or_FIFO_named_like_a_version_is_not_read_on_every_scan()
    {
        _dir.Write("music", 1);
        HostileRegistry.MakeSocket(_dir.PathOf("music", 2));
        HostileRegistry.MakeFifo(_dir.PathOf("music", 3));
        using var registry = new ManualRegistry(_dir.Root, TimeSpan.Zero);

        for (var scan = 0; scan < 5; scan++)
        {
            await registry.ScanAsync();
        }

        registry.Reads("2.json").Should().Be(1);
        registry.Reads("3.json").Should().Be(1);
        registry.Manager.GetStatus().Domains.Single().Errors.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_symlinked_copy_of_a_large_domain_folder_does_not_hold_up_the_other_domains()
    {
        for (var version = 1; version <= 300; version++)
        {
            _dir.Write("music", version);
        }

        _dir.Write("weather", 1);
        Directory.CreateSymbolicLink(Path.Combine(_dir.Root, "music-copy"), "music");
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root, ("Registry:HalfWrittenRetryWindow", "00:00:02"));

        _dir.Write("weather", 2);
        await Wait.UntilAsync(() => host.Registry.ServedVersion("weather") == 2, "weather version 2 is served");
        host.Registry.ServedVersion("music").Should().Be(300);
        host.Registry.ServedVersion("music-copy").Should().BeNull("every file in the copy names the domain 'music'");
    }
}
