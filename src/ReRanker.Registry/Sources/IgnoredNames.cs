using Microsoft.Extensions.Logging;
using ReRanker.Core.Text;

namespace ReRanker.Registry;

/// <summary>
/// Logs one warning per ignored name, not one per scan, made printable and clipped (whoever writes the folder chooses
/// the names). Names that disappear are forgotten (the set stays bounded by what is actually there), so a name that
/// comes back is reported again. Not thread-safe: scans are serialised.
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
            RegistryLog.IgnoredName(logger, JsonText.Printable(name, 80), reason);
        }
    }

    public void EndScan() => _warned.IntersectWith(_seenThisScan);
}
