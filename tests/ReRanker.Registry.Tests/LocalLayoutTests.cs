using System.Security.Cryptography;

namespace ReRanker.Registry.Tests;

/// <summary>Versions, PINNED rollback, deletion fallback and folder removal on a real local registry.</summary>
public sealed class LocalLayoutTests : IDisposable
{
    private readonly TempRegistry _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Serves_the_highest_valid_version_of_each_domain_with_its_sha256_and_path()
    {
        _dir.Write("music", 1);
        var v2 = _dir.Write("music", 2);
        _dir.Write("weather", 1);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);

        host.Registry.ServedVersion("music").Should().Be(2);
        host.Registry.ServedVersion("weather").Should().Be(1);
        var music = host.Registry.Domain("music")!;
        music.Sha256.Should().Be(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(v2))));
        music.Source.Should().Be(v2);
        music.AvailableVersions.Should().Equal(1, 2);
        music.LoadedAt.Should().NotBeNull();
        music.LastError.Should().BeNull();
        host.Registry.GetStatus().SourceReachable.Should().BeTrue();
        host.Registry.GetStatus().LastSuccessfulScanAt.Should().NotBeNull();
    }

    [Fact]
    public async Task A_version_written_the_moment_the_registry_is_ready_is_seen_by_the_watcher()
    {
        // An hour between polls: only the watcher can see it, so it must be watching before the first scan lists.
        _dir.Write("music", 1);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root, ("Registry:PollInterval", "01:00:00"));

        _dir.Write("music", 2);

        await Wait.UntilAsync(() => host.Registry.ServedVersion("music") == 2, "the watcher serves version 2");
    }

    [Fact]
    public async Task Without_the_watcher_the_periodic_rescan_alone_picks_up_a_new_version()
    {
        // What happens on volumes where watchers miss events (NFS, ConfigMap symlink swaps): polling must suffice.
        _dir.Write("music", 1);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root, ("Registry:WatchFileSystem", "false"), ("Registry:PollInterval", "00:00:00.200"));

        _dir.Write("music", 2);

        await Wait.UntilAsync(() => host.Registry.ServedVersion("music") == 2, "the rescan serves version 2");
        host.Logs.Should().NotContain(l => l.Message.Contains("noticed", StringComparison.Ordinal), "no watcher ran");
    }

    [Fact]
    public async Task PINNED_rolls_back_and_a_pin_to_a_missing_version_serves_nothing_and_names_the_pin()
    {
        _dir.Write("music", 1);
        _dir.Write("music", 2);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root, ("Registry:HalfWrittenRetryWindow", "00:00:00.200"));
        host.Registry.ServedVersion("music").Should().Be(2);

        _dir.Pin("music", "1\n");
        await Wait.UntilAsync(() => host.Registry.ServedVersion("music") == 1, "the pin to version 1 is served");
        host.Registry.Domain("music")!.PinnedVersion.Should().Be(1);

        // A pin to a version that does not exist never silently becomes "latest": nothing is served, and the status says why.
        _dir.Pin("music", "7");
        await Wait.UntilAsync(() => host.Registry.Domain("music")!.LastError is not null, "the bad pin is reported");
        host.Registry.ServedVersion("music").Should().BeNull();
        var error = host.Registry.Domain("music")!.LastError!;
        error.File.Should().Be(Path.Combine(_dir.Root, "music", "PINNED"));
        error.Reason.Should().Contain("version 7").And.Contain("no version is served");

        File.Delete(Path.Combine(_dir.Root, "music", "PINNED"));
        await Wait.UntilAsync(() => host.Registry.ServedVersion("music") == 2, "unpinned, the highest version is served again");
        host.Registry.Domain("music")!.LastError.Should().BeNull("the error is cleared once PINNED is gone");
    }

    [Fact]
    public async Task A_PINNED_that_is_not_a_version_number_serves_nothing_and_says_why_once_it_stops_changing()
    {
        _dir.Write("music", 1);
        _dir.Write("music", 2);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root, ("Registry:HalfWrittenRetryWindow", "00:00:00.300"));

        _dir.Pin("music", "latest please");
        _dir.Write("music", 3); // would be served if the unusable pin were treated as "no pin"
        await Wait.UntilAsync(() => host.Registry.Domain("music")!.AvailableVersions.Contains(3), "version 3 is seen");
        await Wait.UntilAsync(() => host.Registry.Domain("music")!.LastError is not null, "the pin gets its verdict");

        host.Registry.ServedVersion("music").Should().BeNull();
        host.Registry.Domain("music")!.LastError!.Reason.Should().Contain("PINNED must hold one version number").And.Contain("not 'latest please'");
    }

    [Fact]
    public async Task Deleting_the_served_file_falls_back_to_the_next_valid_version_then_to_the_default_policy()
    {
        _dir.Write("music", 1);
        _dir.Write("music", 2);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);

        File.Delete(_dir.PathOf("music", 2));
        await Wait.UntilAsync(() => host.Registry.ServedVersion("music") == 1, "version 1 is served after 2 is deleted");

        File.Delete(_dir.PathOf("music", 1));
        await Wait.UntilAsync(() => host.Registry.ServedVersion("music") is null, "no version is served");
        host.Registry.Domain("music")!.ServedVersion.Should().BeNull("the folder is still there, empty");
    }

    [Fact]
    public async Task Removing_a_domain_folder_unloads_only_that_domain()
    {
        _dir.Write("music", 1);
        _dir.Write("weather", 3);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);

        Directory.Delete(Path.Combine(_dir.Root, "music"), recursive: true);
        await Wait.UntilAsync(() => host.Registry.Domain("music") is null, "music disappears from the status");

        host.Registry.Current.TryGet("music", out _).Should().BeFalse("the default policy applies to music now");
        host.Registry.ServedVersion("weather").Should().Be(3);
    }

    [Fact]
    public async Task Overwriting_the_served_file_with_garbage_serves_the_next_valid_version_as_a_restart_would()
    {
        _dir.Write("music", 1, bias: 0.5);
        _dir.Write("music", 2, bias: 0.25);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root, ("Registry:HalfWrittenRetryWindow", "00:00:00.300"));
        host.Registry.ServedVersion("music").Should().Be(2);

        File.WriteAllText(_dir.PathOf("music", 2), "{ not json");
        await Wait.UntilAsync(() => host.Registry.Domain("music")!.LastError is not null, "the bad rewrite is reported");

        // What is served depends only on what the folder holds: version 2 is gone as surely as if it were deleted.
        host.Registry.Current.TryGet("music", out var served).Should().BeTrue();
        served!.Version.Should().Be(1);
        served.Bias.Should().Be(0.5);
        host.Registry.Domain("music")!.LastError!.File.Should().Be(_dir.PathOf("music", 2));
    }

    [Fact]
    public async Task Version_file_names_that_are_not_positive_integers_are_ignored()
    {
        _dir.Write("music", 1);
        foreach (var name in new[] { "0.json", "-3.json", "007.json", "2.json.tmp", "3.JSON", "x.json", ".upload-abc.tmp", "9999999999.json", "1000000000.json", " 4.json", "5.json " })
        {
            _dir.WriteBytes("music", name, TempRegistry.Bytes("music", 5));
        }

        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);

        host.Registry.ServedVersion("music").Should().Be(1);
        host.Registry.Domain("music")!.AvailableVersions.Should().Equal(1);
        host.Registry.Domain("music")!.LastError.Should().BeNull("other names are ignored silently");
    }
}
