using ReRanker.Registry;

namespace ReRanker.Registry.Tests;

/// <summary>realpath(3) semantics, on which "nothing outside the root is read" rests.</summary>
public sealed class RealPathTests : IDisposable
{
    private readonly TempRegistry _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Links_in_the_middle_of_a_path_are_resolved_relative_to_their_folder()
    {
        var target = Directory.CreateDirectory(Path.Combine(_dir.Root, "..2026_a", "music")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(_dir.Root, "..data"), "..2026_a");
        Directory.CreateSymbolicLink(Path.Combine(_dir.Root, "music"), Path.Combine("..data", "music"));

        RealPath.Resolve(Path.Combine(_dir.Root, "music")).Should().Be(target);
        RealPath.IsInside(target, RealPath.Resolve(_dir.Root)!).Should().BeTrue();
    }

    [Fact]
    public void A_relative_link_that_climbs_out_resolves_outside_the_root()
    {
        File.WriteAllText(Path.Combine(_dir.Outside, "secret.json"), "{}");
        Directory.CreateDirectory(Path.Combine(_dir.Root, "music"));
        var link = Path.Combine(_dir.Root, "music", "1.json");
        File.CreateSymbolicLink(link, Path.Combine("..", "..", "outside", "secret.json"));

        var real = RealPath.Resolve(link);

        real.Should().Be(Path.Combine(_dir.Outside, "secret.json"));
        RealPath.IsInside(real!, RealPath.Resolve(_dir.Root)!).Should().BeFalse();
    }

    [Fact]
    public void Loops_and_dangling_links_resolve_to_nothing()
    {
        Directory.CreateSymbolicLink(Path.Combine(_dir.Root, "loop"), Path.Combine(_dir.Root, "loop"));
        File.CreateSymbolicLink(Path.Combine(_dir.Root, "dangling"), Path.Combine(_dir.Root, "missing"));

        RealPath.Resolve(Path.Combine(_dir.Root, "loop")).Should().BeNull();
        RealPath.Resolve(Path.Combine(_dir.Root, "dangling")).Should().BeNull();
    }

    [Theory]
    [InlineData("/r/root", "/r/root/a", true)]
    [InlineData("/r/root", "/r/root", true)]
    [InlineData("/r/root", "/r/rootless/a", false)] // a shared prefix is not containment
    [InlineData("/r/root", "/r", false)]
    public void Containment_is_by_whole_path_components(string root, string path, bool inside) =>
        RealPath.IsInside(path, root).Should().Be(inside);
}
