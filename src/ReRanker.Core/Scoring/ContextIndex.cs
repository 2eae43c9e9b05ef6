using System.Collections.Frozen;
using ReRanker.Core.Model;

namespace ReRanker.Core.Scoring;

/// <summary>
/// Numbers every context feature that any domain of a weight set uses. A ranking then resolves each context
/// entry once per request (<see cref="Resolve"/>), and each domain reads its weights from an array by number
/// instead of looking every entry up in its own dictionaries.
/// </summary>
internal sealed class ContextIndex
{
    private readonly FrozenDictionary<string, int> _scalarSlots;
    private readonly FrozenDictionary<string, FrozenDictionary<string, int>> _stringSlots;

    public ContextIndex(IReadOnlyCollection<DomainWeights> domains)
    {
        var scalar = new Dictionary<string, int>(StringComparer.Ordinal);
        var strings = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var slots = 0;
        foreach (var feature in domains.SelectMany(d => d.ContextFeatures))
        {
            if (feature.Value is null)
            {
                if (!scalar.ContainsKey(feature.Key))
                {
                    scalar[feature.Key] = slots++;
                }
            }
            else
            {
                if (!strings.TryGetValue(feature.Key, out var byValue))
                {
                    strings[feature.Key] = byValue = new Dictionary<string, int>(StringComparer.Ordinal);
                }

                if (!byValue.ContainsKey(feature.Value))
                {
                    byValue[feature.Value] = slots++;
                }
            }
        }

        _scalarSlots = scalar.ToFrozenDictionary(StringComparer.Ordinal);
        _stringSlots = strings.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenDictionary(StringComparer.Ordinal), StringComparer.Ordinal);
        SlotCount = slots;
    }

    public int SlotCount { get; }

    /// <summary>One domain's context weights by slot (0 where the domain has none).</summary>
    public double[] WeightsOf(DomainWeights domain)
    {
        var weights = new double[SlotCount];
        foreach (var feature in domain.ContextFeatures)
        {
            weights[Slot(feature.Key, feature.Value)] = feature.Weight;
        }

        return weights;
    }

    /// <summary>
    /// Finds the entries some domain weights: writes their slots and their positions among the entries, in entry
    /// order, and returns how many there are. The other entries would add a zero term for every domain.
    /// </summary>
    public int Resolve(ReadOnlySpan<KeyValuePair<string, ContextValue>> entries, Span<int> slots, Span<int> positions)
    {
        var resolved = 0;
        for (var e = 0; e < entries.Length; e++)
        {
            var (key, value) = entries[e];
            var slot = Slot(key, value.Kind == ContextValueKind.String ? value.Text : null);
            if (slot >= 0)
            {
                slots[resolved] = slot;
                positions[resolved++] = e;
            }
        }

        return resolved;
    }

    /// <summary>
    /// Σ weight × value over the resolved entries, in entry order: the same sum, bit for bit, as
    /// <see cref="DomainWeights.ContextScore"/>, which also adds the entries without a weight. Their terms are ±0,
    /// and adding ±0 to a sum that starts at +0 never changes it (only −0 + −0 gives −0).
    /// </summary>
    public static double Score(
        ReadOnlySpan<double> weightsBySlot, ReadOnlySpan<KeyValuePair<string, ContextValue>> entries, ReadOnlySpan<int> slots, ReadOnlySpan<int> positions)
    {
        double sum = 0;
        for (var k = 0; k < slots.Length; k++)
        {
            sum += DomainWeights.ContextTerm(weightsBySlot[slots[k]], entries[positions[k]].Value);
        }

        return sum;
    }

    private int Slot(string key, string? text)
    {
        if (text is null)
        {
            return _scalarSlots.TryGetValue(key, out var slot) ? slot : -1;
        }

        return _stringSlots.TryGetValue(key, out var byValue) && byValue.TryGetValue(text, out var stringSlot) ? stringSlot : -1;
    }
}
