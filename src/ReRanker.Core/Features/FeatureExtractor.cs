using System.Runtime.CompilerServices;
using ReRanker.Core.Model;

namespace ReRanker.Core.Features;

/// <summary>
/// Computes the dense per-hypothesis features of one n-best list. Some features (ranks, margins) depend
/// on the whole list, so the list is the unit of work. The caller owns the buffer; allocation-free up to 256 hypotheses.
/// The rank and margin pass is in FeatureExtractor.ListFeatures.cs, what to compute for a mask in FeatureExtractor.Plan.cs.
/// </summary>
public static partial class FeatureExtractor
{
    public const double ClampEpsilon = 1e-6;

    /// <summary>logit(p) with p clamped to [1e-6, 1 - 1e-6], so 0 and 1 stay finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Logit(double probability) => Math.Log(LogitArgument(probability));

    /// <summary>log(p) with p clamped to [1e-6, 1], so 0 stays finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogClamped(double probability) => Math.Log(LogArgument(probability));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sigmoid(double score)
    {
        if (score >= 0)
        {
            return 1 / (1 + Math.Exp(-score));
        }

        // exp(score) once: the JIT does not merge two calls to Math.Exp.
        var e = Math.Exp(score);
        return e / (1 + e);
    }

    /// <summary>
    /// Fills <paramref name="features"/> (row-major, <c>hypotheses.Count × HypothesisFeatureCount</c>) with every feature.
    /// </summary>
    public static void Compute(IReadOnlyList<Hypothesis> hypotheses, Span<double> features) =>
        Compute(hypotheses, features, FeatureMask.All);

    /// <summary>
    /// Fills at least the features in <paramref name="needed"/>, each with exactly the value the full computation
    /// gives; the values of the other features are unspecified (rank, margin and slot features are left as they
    /// were, the four logarithm features may be overwritten). Confidences are always validated.
    /// </summary>
    [SkipLocalsInit] // the group array is written before it is read
    public static void Compute(IReadOnlyList<Hypothesis> hypotheses, Span<double> features, FeatureMask needed)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        var count = hypotheses.Count;
        Compute(ListSpan.Of(hypotheses), features, needed, count <= 256 ? stackalloc int[count] : new int[count]);
    }

    /// <summary>As above, and writes each hypothesis's group (the index of the first hypothesis of its domain) to <paramref name="group"/>.</summary>
    [SkipLocalsInit] // the group arrays are written before they are read
    internal static void Compute(ReadOnlySpan<Hypothesis> hypotheses, Span<double> features, FeatureMask needed, Span<int> group)
    {
        var width = FeatureCatalog.HypothesisFeatureCount;
        var count = hypotheses.Length;
        if (features.Length < count * width)
        {
            throw new ArgumentException($"Need {count * width} values, got {features.Length}.", nameof(features));
        }

        var plan = new Plan(needed);

        // Group id of each hypothesis: the index of the first hypothesis of its domain (its leader).
        // Lists usually come grouped by domain, so the previous hypothesis is tried first; otherwise only
        // the leaders before it are compared, since the first match is always a leader.
        Span<int> leaders = count <= 256 ? stackalloc int[count] : new int[count];
        Span<double> leaderLogits = count <= 256 ? stackalloc double[count] : new double[count];
        Span<int> last = count <= 256 ? stackalloc int[count] : new int[count];
        Span<int> next = count <= 256 ? stackalloc int[count] : new int[count];
        var leaderCount = 0;

        Span<double> logs = count <= 256 ? stackalloc double[count * LogsPerHypothesis] : new double[count * LogsPerHypothesis];
        for (var i = 0; i < count; i++)
        {
            var h = hypotheses[i];
            var slots = ListSpan.Of(h.Slots);
            if (!HasValidConfidences(h, slots))
            {
                // A NaN or out-of-range confidence would silently poison every score and the ranking.
                throw new ArgumentOutOfRangeException(
                    nameof(hypotheses), $"hypotheses[{i}]: domainScore, intentScore, slotScore and slot confidences must be within [0, 1].");
            }

            SetLogArguments(logs, i, h, i > 0 ? hypotheses[i - 1] : null, plan);
            group[i] = FindGroup(hypotheses, i, h.Domain, group, leaders[..leaderCount]);
            next[i] = -1;
            if (group[i] == i)
            {
                leaders[leaderCount++] = i;
            }
            else
            {
                // Members of a group are chained in input order: next[] links each to the following one.
                next[last[group[i]]] = i;
            }

            last[group[i]] = i;

            if (plan.Slots)
            {
                FillSlotFeatures(h, slots, features.Slice(i * width, width));
            }
        }

        TakeLogarithms(logs, plan);
        for (var i = 0; i < count; i++)
        {
            FillLogFeatures(logs.Slice(i * LogsPerHypothesis, LogsPerHypothesis), features.Slice(i * width, width));
        }

        for (var l = 0; l < leaderCount; l++)
        {
            leaderLogits[l] = features[(leaders[l] * width) + (int)HypothesisFeature.LogitDomainScore];
        }

        if (plan.AnyListFeature)
        {
            FillListFeatures(features, count, plan, group, next, leaders[..leaderCount], leaderLogits[..leaderCount]);
        }
    }

    private static int FindGroup(ReadOnlySpan<Hypothesis> hypotheses, int index, string domain, ReadOnlySpan<int> group, ReadOnlySpan<int> leaders)
    {
        if (index > 0 && SameDomain(hypotheses[index - 1].Domain, domain))
        {
            return group[index - 1];
        }

        foreach (var leader in leaders)
        {
            if (SameDomain(hypotheses[leader].Domain, domain))
            {
                return leader;
            }
        }

        return index;
    }

    // Ordinal equality, with the length and first character compared inline: most pairs of different domains
    // differ there, and the call into string.Equals was a visible part of grouping a list.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SameDomain(string a, string b) =>
        ReferenceEquals(a, b) || (a.Length == b.Length && (a.Length == 0 || a[0] == b[0]) && string.Equals(a, b, StringComparison.Ordinal));

    private static bool HasValidConfidences(Hypothesis h, ReadOnlySpan<Slot> slots)
    {
        if (!(h.DomainScore is >= 0 and <= 1 && h.IntentScore is >= 0 and <= 1 && h.SlotScore is >= 0 and <= 1))
        {
            return false;
        }

        foreach (var slot in slots)
        {
            if (slot.Confidence is { } c && c is not (>= 0 and <= 1))
            {
                return false;
            }
        }

        return true;
    }

    private static void FillSlotFeatures(Hypothesis h, ReadOnlySpan<Slot> slots, Span<double> row)
    {
        var slotCount = slots.Length;
        row[(int)HypothesisFeature.SlotCount] = slotCount;
        row[(int)HypothesisFeature.NoSlots] = slotCount == 0 ? 1 : 0;
        if (slotCount == 0)
        {
            row[(int)HypothesisFeature.MeanSlotConfidence] = 0;
            row[(int)HypothesisFeature.MinSlotConfidence] = 0;
            return;
        }

        double sum = 0, min = double.PositiveInfinity;
        for (var s = 0; s < slotCount; s++)
        {
            var confidence = slots[s].Confidence ?? h.SlotScore;
            sum += confidence;
            min = Math.Min(min, confidence);
        }

        row[(int)HypothesisFeature.MeanSlotConfidence] = sum / slotCount;
        row[(int)HypothesisFeature.MinSlotConfidence] = min;
    }
}
