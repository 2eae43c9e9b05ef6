using System.Collections.Frozen;
using ReRanker.Core.Features;

namespace ReRanker.Core.Scoring;

/// <summary>
/// An immutable snapshot of every domain's weights. A request takes one snapshot and uses it
/// throughout, so a swap in the registry can never mix two versions inside one ranking.
/// Built once per swap, it also precomputes what rankings share: the features any domain uses and
/// a numbering of the context features (see <see cref="ContextIndex"/>).
/// </summary>
public sealed class WeightSet
{
    private readonly FrozenDictionary<string, CompiledDomain> _byDomain;
    private readonly FrozenDictionary<string, CompiledDomain> _candidates;

    public WeightSet(IEnumerable<DomainWeights> domains)
        : this(domains, [])
    {
    }

    /// <summary>
    /// A snapshot whose <paramref name="candidates"/> (at most one per domain) are ranked in the shadow of the served
    /// weights (<see cref="Reranker.RankWithShadows"/>) and never change a ranking: the features and context entries they
    /// use are computed too, which leaves the served scores bit for bit as they are (unused features are never read, and
    /// a context entry no served domain weights adds +0).
    /// </summary>
    public WeightSet(IEnumerable<DomainWeights> domains, IEnumerable<DomainWeights> candidates)
    {
        ArgumentNullException.ThrowIfNull(domains);
        ArgumentNullException.ThrowIfNull(candidates);
        var byDomain = domains.ToDictionary(d => d.Domain, StringComparer.Ordinal);
        var byCandidate = candidates.ToDictionary(d => d.Domain, StringComparer.Ordinal);
        Context = new ContextIndex([.. byDomain.Values, .. byCandidate.Values]);
        _byDomain = byDomain.ToFrozenDictionary(
            kv => kv.Key, kv => new CompiledDomain(kv.Value, Context.WeightsOf(kv.Value)), StringComparer.Ordinal);
        _candidates = byCandidate.ToFrozenDictionary(
            kv => kv.Key, kv => new CompiledDomain(kv.Value, Context.WeightsOf(kv.Value)), StringComparer.Ordinal);
        UsedFeatures = byDomain.Values.Concat(byCandidate.Values).Aggregate(FeatureMask.None, (mask, d) => mask.Union(d.UsedFeatures));
        HasCalibration = byDomain.Values.Concat(byCandidate.Values).Any(d => d.Calibration is not null);
    }

    public static WeightSet Empty { get; } = new([]);

    public IReadOnlyCollection<string> Domains => _byDomain.Keys;

    public int Count => _byDomain.Count;

    /// <summary>The per-hypothesis features that at least one domain weights: all a ranking needs to compute.</summary>
    public FeatureMask UsedFeatures { get; }

    /// <summary>True when some domain's file carries a calibration section (only then does a ranking look for one).</summary>
    public bool HasCalibration { get; }

    internal ContextIndex Context { get; }

    public bool TryGet(string domain, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DomainWeights? weights)
    {
        var found = _byDomain.TryGetValue(domain, out var compiled);
        weights = compiled?.Weights;
        return found;
    }

    /// <summary>Domains that hold a candidate.</summary>
    public IReadOnlyCollection<string> CandidateDomains => _candidates.Keys;

    public int CandidateCount => _candidates.Count;

    /// <summary>The candidate of <paramref name="domain"/>, ranked in the shadow of its served weights.</summary>
    public bool TryGetCandidate(string domain, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DomainWeights? weights)
    {
        var found = _candidates.TryGetValue(domain, out var compiled);
        weights = compiled?.Weights;
        return found;
    }

    /// <summary>A new set with one domain's weights replaced (or added).</summary>
    public WeightSet With(DomainWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return new WeightSet(_byDomain.Values.Select(c => c.Weights).Where(d => d.Domain != weights.Domain).Append(weights));
    }

    /// <summary>A new set without one domain.</summary>
    public WeightSet Without(string domain) => new(_byDomain.Values.Select(c => c.Weights).Where(d => d.Domain != domain));

    internal bool TryGetCompiled(string domain, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CompiledDomain? compiled) =>
        _byDomain.TryGetValue(domain, out compiled);

    internal bool TryGetCompiledCandidate(string domain, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CompiledDomain? compiled) =>
        _candidates.TryGetValue(domain, out compiled);
}

/// <summary>A domain's weights plus its context weights numbered by the set's <see cref="ContextIndex"/>.</summary>
internal sealed record CompiledDomain(DomainWeights Weights, double[] ContextWeightsBySlot);
