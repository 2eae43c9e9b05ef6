using ReRanker.Core.Model;

namespace ReRanker.Core.Scoring;

/// <summary>
/// Remembers the last domain group looked up (n-best lists come grouped by domain, and the extractor has already
/// numbered the groups, so no domain names are compared here) and its context score, computed from the request's
/// context entries resolved once to the weight set's slots (<see cref="ContextIndex.Resolve"/>).
/// </summary>
internal ref struct DomainCache(
    WeightSet weights, ReadOnlySpan<KeyValuePair<string, ContextValue>> entries, ReadOnlySpan<int> slots, ReadOnlySpan<int> positions,
    bool candidates = false)
{
    private readonly ReadOnlySpan<KeyValuePair<string, ContextValue>> _entries = entries;
    private readonly ReadOnlySpan<int> _slots = slots;
    private readonly ReadOnlySpan<int> _positions = positions;
    private int _group = -1;
    private DomainWeights? _weights;
    private double _contextScore;

    public (DomainWeights? Weights, double ContextScore) Get(int group, string domain)
    {
        if (group != _group)
        {
            _group = group;
            _weights = null;
            _contextScore = 0;
            if (candidates ? weights.TryGetCompiledCandidate(domain, out var compiled) : weights.TryGetCompiled(domain, out compiled))
            {
                _weights = compiled.Weights;
                _contextScore = compiled.Weights.HasContextWeights ? ContextIndex.Score(compiled.ContextWeightsBySlot, _entries, _slots, _positions) : 0;
            }
        }

        return (_weights, _contextScore);
    }
}
