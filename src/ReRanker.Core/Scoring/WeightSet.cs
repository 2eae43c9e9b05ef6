using System.Collections.Frozen;

namespace ReRanker.Core.Scoring;

/// <summary>
/// An immutable snapshot of every domain's weights. A request takes one snapshot and uses it
/// throughout, so a swap in the registry can never mix two versions inside one ranking.
/// </summary>
public sealed class WeightSet
{
    private readonly FrozenDictionary<string, DomainWeights> _byDomain;

    public WeightSet(IEnumerable<DomainWeights> domains)
    {
        ArgumentNullException.ThrowIfNull(domains);
        _byDomain = domains.ToFrozenDictionary(d => d.Domain, StringComparer.Ordinal);
    }

    public static WeightSet Empty { get; } = new([]);

    public IReadOnlyCollection<string> Domains => _byDomain.Keys;

    public int Count => _byDomain.Count;

    public bool TryGet(string domain, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DomainWeights? weights) =>
        _byDomain.TryGetValue(domain, out weights);

    /// <summary>A new set with one domain's weights replaced (or added).</summary>
    public WeightSet With(DomainWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return new WeightSet(_byDomain.Values.Where(d => d.Domain != weights.Domain).Append(weights));
    }

    /// <summary>A new set without one domain.</summary>
    public WeightSet Without(string domain) => new(_byDomain.Values.Where(d => d.Domain != domain));
}
