using System.Runtime.CompilerServices;
using ReRanker.Core.Model;

namespace ReRanker.Core.Features;

/// <summary>
/// The logarithms of a list, batched: each hypothesis's six arguments (the logit arguments p/(1 − p) of its three
/// confidences, then the three clamped confidences of <see cref="HypothesisFeature.LogProduct"/>) are written first,
/// then logged in one tight loop. Logarithms are most of the extractor's cost; called back to back they run
/// without the register spills of calls interleaved with other work. Same Math.Log of the same arguments:
/// the same bits as <see cref="Logit"/> and <see cref="LogClamped"/>.
/// </summary>
public static partial class FeatureExtractor
{
    private const int LogsPerHypothesis = 6;

    /// <summary>Marks an argument not needed by the mask: left as 0.</summary>
    private const double NotNeeded = 0;

    /// <summary>
    /// Marks a confidence equal to the previous hypothesis's (one domain model gives all its hypotheses the same
    /// domainScore, often the same slotScore): its logarithm is copied, not recomputed.
    /// </summary>
    private const double SameAsPrevious = -1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LogitArgument(double probability)
    {
        var p = Math.Clamp(probability, ClampEpsilon, 1 - ClampEpsilon);
        return p / (1 - p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LogArgument(double probability) => Math.Clamp(probability, ClampEpsilon, 1);

    private static void SetLogArguments(Span<double> logs, int index, Hypothesis h, Hypothesis? previous, Plan plan)
    {
        var at = logs.Slice(index * LogsPerHypothesis, LogsPerHypothesis);
        at[0] = Argument(h.DomainScore, previous?.DomainScore, plan.DomainLogit, logit: true);
        at[1] = Argument(h.IntentScore, previous?.IntentScore, plan.IntentLogit, logit: true);
        at[2] = Argument(h.SlotScore, previous?.SlotScore, plan.SlotLogit, logit: true);
        at[3] = Argument(h.DomainScore, previous?.DomainScore, plan.Product, logit: false);
        at[4] = Argument(h.IntentScore, previous?.IntentScore, plan.Product, logit: false);
        at[5] = Argument(h.SlotScore, previous?.SlotScore, plan.Product, logit: false);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Argument(double confidence, double? previous, bool needed, bool logit) =>
        !needed ? NotNeeded
        : confidence == previous ? SameAsPrevious
        : logit ? LogitArgument(confidence) : LogArgument(confidence);

    /// <summary>
    /// Replaces every needed argument by its logarithm, column by column (columns the mask does not need stay 0).
    /// Arguments are always positive; the markers are not.
    /// </summary>
    private static void TakeLogarithms(Span<double> logs, Plan plan)
    {
        ReadOnlySpan<bool> needed = [plan.DomainLogit, plan.IntentLogit, plan.SlotLogit, plan.Product, plan.Product, plan.Product];
        for (var column = 0; column < LogsPerHypothesis; column++)
        {
            if (!needed[column])
            {
                continue;
            }

            for (var k = column; k < logs.Length; k += LogsPerHypothesis)
            {
                var argument = logs[k];
                if (argument > 0)
                {
                    logs[k] = Math.Log(argument);
                }
                else if (argument == SameAsPrevious)
                {
                    // The previous hypothesis's value is already its logarithm (same column, visited first), so repeats chain.
                    logs[k] = logs[k - LogsPerHypothesis];
                }
            }
        }
    }

    private static void FillLogFeatures(ReadOnlySpan<double> logs, Span<double> row)
    {
        row[(int)HypothesisFeature.LogitDomainScore] = logs[0];
        row[(int)HypothesisFeature.LogitIntentScore] = logs[1];
        row[(int)HypothesisFeature.LogitSlotScore] = logs[2];
        row[(int)HypothesisFeature.LogProduct] = logs[3] + logs[4] + logs[5];
    }
}
