using ReRanker.Core.Weights;

namespace ReRanker.Api.Registry;

/// <summary>The naming rules of the local layout: version file names and the PINNED file.</summary>
internal static class LocalLayout
{
    public const string PinFileName = RegistryLayout.PinFileName;

    private const int MaxPinBytes = 64;

    /// <summary>The versions <c>&lt;int&gt;.json</c> present in a domain folder, valid or not (the publisher numbers after them).</summary>
    public static IEnumerable<int> VersionsOnDisk(string domainFolder) =>
        Directory.Exists(domainFolder)
            ? Directory.EnumerateFileSystemEntries(domainFolder).Select(Path.GetFileName).Select(n => TryParseVersionFileName(n, out var v) ? v : 0).Where(v => v > 0)
            : [];

    /// <summary>True for <c>&lt;positive integer&gt;.json</c> written canonically (see Core's RegistryLayout).</summary>
    public static bool TryParseVersionFileName(string? name, out int version) => RegistryLayout.TryParseVersionFileName(name, out version);

    /// <summary>
    /// Reads <c>PINNED</c> at <paramref name="path"/> (shown as <paramref name="shown"/>): the version it names, or the
    /// problem with it. Absent: neither. Never reads through a link that leaves <paramref name="realRoot"/>.
    /// </summary>
    public static (int? Pinned, ListingProblem? Problem) ReadPin(string path, string shown, string realRoot)
    {
        if (!File.Exists(path) && RealPath.LinkTarget(path) is null)
        {
            return (null, null);
        }

        var real = RealPath.Resolve(path);
        if (real is null || !RealPath.IsInside(real, realRoot))
        {
            return (null, new ListingProblem(shown, "PINNED resolves outside the registry root; it is ignored and the served version is kept"));
        }

        try
        {
            var info = new FileInfo(real);
            if (info.Length > MaxPinBytes)
            {
                return (null, new ListingProblem(shown, $"PINNED is {info.Length} bytes; it must hold only a version number"));
            }

            var text = File.ReadAllText(real).Trim();
            if (RegistryLayout.TryParsePinned(text, out var version))
            {
                return (version, null);
            }

            var shownText = new string(text.Take(20).Select(c => char.IsControl(c) ? '?' : c).ToArray());
            return (null, new ListingProblem(shown, $"PINNED must hold a positive version number, not '{shownText}'"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, new ListingProblem(shown, $"PINNED cannot be read: {ex.Message}"));
        }
    }
}
