using System.Diagnostics;
using ReRanker.Registry;
using ReRanker.Core.Model;
using Microsoft.Extensions.Logging;

namespace ReRanker.Registry.Tests;

/// <summary>Whatever lands in the root, only valid domain folders inside it are read; the rest gets one warning.</summary>
public sealed class HostileNamesTests : IDisposable
{
    private readonly TempRegistry _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Hostile_names_and_links_out_of_the_root_are_ignored_with_one_warning_and_nothing_outside_is_read()
    {
        _dir.Write("music", 3);
        // ".." itself cannot be a directory entry, and "a/b" cannot be a folder name: the nearest real things are
        // dot names, a nested folder and path-like domains (the HTTP index tests "..", "a/b" and 300 characters literally).
        string[] badFolders = ["...", ".hidden", "CON", "Music", "-x", new string('a', 65), new string('b', 255)];
        foreach (var name in badFolders)
        {
            _dir.WriteBytes(name, "1.json", TempRegistry.Bytes("music", 1));
        }

        _dir.WriteBytes("music/nested", "9.json", TempRegistry.Bytes("music", 9)); // only files directly in the domain folder count
        File.WriteAllText(Path.Combine(_dir.Root, "notes.txt"), "not a domain");
        File.WriteAllText(Path.Combine(_dir.Root, "README.md"), "documentation beside the domains: ignored silently");

        // Links out of the root: a whole domain folder, a version file, and a PINNED.
        Directory.CreateDirectory(Path.Combine(_dir.Outside, "evil"));
        File.WriteAllBytes(Path.Combine(_dir.Outside, "evil", "1.json"), TempRegistry.Bytes("evil", 1));
        Directory.CreateSymbolicLink(Path.Combine(_dir.Root, "evil"), Path.Combine(_dir.Outside, "evil"));
        File.WriteAllBytes(Path.Combine(_dir.Outside, "4.json"), TempRegistry.Bytes("music", 4));
        File.CreateSymbolicLink(_dir.PathOf("music", 4), Path.Combine(_dir.Outside, "4.json"));
        File.CreateSymbolicLink(_dir.PathOf("music", 5), Path.Combine("..", "..", "outside", "4.json")); // relative escape
        _dir.Write("weather", 2);
        File.WriteAllText(Path.Combine(_dir.Outside, "PINNED"), "2");
        File.CreateSymbolicLink(Path.Combine(_dir.Root, "weather", "PINNED"), Path.Combine(_dir.Outside, "PINNED"));
        Directory.CreateSymbolicLink(Path.Combine(_dir.Root, "loop"), Path.Combine(_dir.Root, "loop"));

        var recorded = default(RecordingSource);
        await using var host = await RegistryHost.StartWrappedAsync(
            [("Registry:Path", _dir.Root), ("Registry:PollInterval", "00:00:00.100")], source => recorded = new RecordingSource(source));
        var firstScan = host.Registry.GetStatus().LastFullScanAt;
        await Wait.UntilAsync(() => host.Registry.GetStatus().LastFullScanAt > firstScan!.Value.AddMilliseconds(300), "several more scans ran");

        var status = host.Registry.GetStatus();
        status.Domains.Select(d => d.Domain).Should().Equal("music", "weather");
        host.Registry.Current.Domains.Should().Equal("music");
        var music = host.Registry.Domain("music")!;
        music.ServedVersion.Should().Be(3);
        music.AvailableVersions.Should().Equal(3);
        music.LastError.Should().BeNull();

        // A PINNED that links outside is not read; as for any unusable pin, nothing else is served in its place.
        var weather = host.Registry.Domain("weather")!;
        weather.PinnedVersion.Should().BeNull();
        weather.ServedVersion.Should().BeNull();
        weather.LastError!.Reason.Should().Contain("PINNED resolves outside the registry root");

        var realRoot = Path.GetFullPath(_dir.Root);
        recorded!.Reads.Should().NotBeEmpty().And.OnlyContain(path => path.StartsWith(realRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        recorded.Reads.Distinct().Should().BeEquivalentTo([_dir.PathOf("music", 3), _dir.PathOf("weather", 2)]);

        // One warning per name across many scans, not one per scan.
        var warnings = host.Logs.Where(l => l.Level == LogLevel.Warning && l.Properties.ContainsKey("Name")).Select(l => (string)l.Properties["Name"]!).ToList();
        warnings.Should().OnlyHaveUniqueItems().And.NotContain("README.md");
        warnings.Should().Contain(["...", ".hidden", "CON", "Music", "-x", "evil", "notes.txt", "loop", "music/4.json", "music/5.json"]);
        warnings.Should().Contain(w => w.StartsWith("aaaa", StringComparison.Ordinal)).And.Contain(w => w.StartsWith("bbbb", StringComparison.Ordinal));
        badFolders.Should().OnlyContain(name => !DomainName.IsValid(name), "the fixture must only hold invalid names");
    }

    [Fact]
    public async Task A_Kubernetes_ConfigMap_layout_of_links_inside_the_root_is_served_and_follows_the_swap()
    {
        // kubelet's atomic writer: <root>/..2026_…/<files>, ..data -> ..2026_…, and every key linked through ..data.
        var first = Path.Combine(_dir.Root, "..2026_11_21_10_00_00.000000001");
        Directory.CreateDirectory(Path.Combine(first, "music"));
        File.WriteAllBytes(Path.Combine(first, "music", "1.json"), TempRegistry.Bytes("music", 1));
        Directory.CreateSymbolicLink(Path.Combine(_dir.Root, "..data"), Path.GetFileName(first));
        Directory.CreateSymbolicLink(Path.Combine(_dir.Root, "music"), Path.Combine("..data", "music"));
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root, ("Registry:PollInterval", "00:00:00.200"));
        host.Registry.ServedVersion("music").Should().Be(1);

        // An update: a new timestamped folder, then ..data is swapped to it by rename, as kubelet does.
        var second = Path.Combine(_dir.Root, "..2026_11_21_10_05_00.000000002");
        Directory.CreateDirectory(Path.Combine(second, "music"));
        File.WriteAllBytes(Path.Combine(second, "music", "1.json"), TempRegistry.Bytes("music", 1));
        File.WriteAllBytes(Path.Combine(second, "music", "2.json"), TempRegistry.Bytes("music", 2));
        Directory.CreateSymbolicLink(Path.Combine(_dir.Root, "..data_tmp"), Path.GetFileName(second));
        RenameOver(Path.Combine(_dir.Root, "..data_tmp"), Path.Combine(_dir.Root, "..data"));
        Directory.Delete(first, recursive: true);

        await Wait.UntilAsync(() => host.Registry.ServedVersion("music") == 2, "version 2 is served after the swap");
        host.Registry.Domain("music")!.Source.Should().Be(Path.Combine(_dir.Root, "music", "2.json"));
    }

    // rename(2) of a link over a link; .NET's File.Move and Directory.Move refuse links to folders.
    private static void RenameOver(string from, string to)
    {
        using var mv = Process.Start(new ProcessStartInfo("mv", ["-T", "-f", from, to]))!;
        mv.WaitForExit();
        mv.ExitCode.Should().Be(0);
    }
}
