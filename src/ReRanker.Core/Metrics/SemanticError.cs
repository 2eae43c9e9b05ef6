using ReRanker.Core.Model;

namespace ReRanker.Core.Metrics;

/// <summary>The errors of one hypothesis against gold, as the corpus defines SemER.</summary>
/// <param name="Errors">intent error (0/1) + slot substitutions + deletions + insertions.</param>
/// <param name="GoldSlots">Number of gold slots.</param>
/// <param name="IntentCorrect">Domain and intent both equal gold.</param>
public readonly record struct SemanticErrorResult(int Errors, int GoldSlots, bool IntentCorrect)
{
    /// <summary>SemER = errors / (1 + gold slots).</summary>
    public double Value => Errors / (1.0 + GoldSlots);

    /// <summary>Intent and every slot right: the label that cross-entropy and ECE use.</summary>
    public bool IsExact => Errors == 0;
}

public static class SemanticError
{
    /// <summary>
    /// Slots match on (name, value) as multisets; unmatched gold and hypothesis slots pair up as
    /// substitutions, the rest are deletions or insertions. So slot errors = max(unmatched gold, unmatched hypothesis).
    /// </summary>
    public static SemanticErrorResult Compute(Hypothesis hypothesis, GoldInterpretation gold)
    {
        ArgumentNullException.ThrowIfNull(hypothesis);
        ArgumentNullException.ThrowIfNull(gold);
        var intentCorrect = string.Equals(hypothesis.Domain, gold.Domain, StringComparison.Ordinal)
            && string.Equals(hypothesis.Intent, gold.Intent, StringComparison.Ordinal);
        var matched = CountMatches(hypothesis.Slots, gold.Slots);
        var unmatchedGold = gold.Slots.Count - matched;
        var unmatchedHypothesis = hypothesis.Slots.Count - matched;
        var errors = (intentCorrect ? 0 : 1) + Math.Max(unmatchedGold, unmatchedHypothesis);
        return new SemanticErrorResult(errors, gold.Slots.Count, intentCorrect);
    }

    /// <summary>SemER of an utterance whose ranking is empty: everything gold is missed.</summary>
    public static SemanticErrorResult Empty(GoldInterpretation gold)
    {
        ArgumentNullException.ThrowIfNull(gold);
        return new SemanticErrorResult(1 + gold.Slots.Count, gold.Slots.Count, false);
    }

    private static int CountMatches(IReadOnlyList<Slot> hypothesis, IReadOnlyList<Slot> gold)
    {
        // Lists are tiny: a used-flag per gold slot beats building multisets.
        Span<bool> used = gold.Count <= 64 ? stackalloc bool[gold.Count] : new bool[gold.Count];
        var matches = 0;
        foreach (var slot in hypothesis)
        {
            for (var g = 0; g < gold.Count; g++)
            {
                if (!used[g]
                    && string.Equals(gold[g].Name, slot.Name, StringComparison.Ordinal)
                    && string.Equals(gold[g].Value, slot.Value, StringComparison.Ordinal))
                {
                    used[g] = true;
                    matches++;
                    break;
                }
            }
        }

        return matches;
    }
}
