using Microsoft.Extensions.Logging;

namespace ReRanker.Api.Registry;

/// <summary>
/// Logs one warning per ignored name, not one per scan. Names that disappear are forgotten (the set stays bounded
/// by what is actually there), so a name that comes back is reported again. Not thread-safe: scans are serialised.
/// </summary>
internal sealed class IgnoredNames(ILogger logger)
{
    private HashSet<string> _warned = new(StringComparer.Ordinal);
    private HashSet<string> _seenThisScan = new(StringComparer.Ordinal);

    public void BeginScan() => _seenThisScan = new HashSet<string>(StringComparer.Ordinal);

    public void Ignore(string name, string reason)
    {
        _seenThisScan.Add(name);
        if (_warned.Add(name))
        {
            RegistryLog.IgnoredName(logger, Shorten(name), reason);
        }
    }

    public void EndScan() => _warned.IntersectWith(_seenThisScan);

    // A 300-character name is logged by its start; the log line stays readable and bounded.
    private static string Shorten(string name) => name.Length <= 80 ? name : string.Concat(name.AsSpan(0, 80), "…");
}
