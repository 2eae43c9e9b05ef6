using System.Security.Cryptography;
using System.Text;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Metrics;
using ReRanker.Core.Model;

namespace ReRanker.TrafficLoop;

/// <summary>What a simulated user did after hearing the served top hypothesis: nothing (no feedback), or one outcome.</summary>
public sealed record UserReaction(FeedbackOutcome? Outcome, GoldInterpretation? Correction);

/// <summary>
/// The user model of the loop (docs/quality.md), fixed before any tuning. A user knows what they meant (the gold
/// label) and hears the served top hypothesis:
/// <list type="bullet">
/// <item>10 % of requests get no feedback at all, whatever was served.</item>
/// <item>Served exactly right: accepted 94 %, barge-in 3 %, abandoned 3 % (impatient users, noise).</item>
/// <item>Right domain and intent, a slot wrong: corrected 6 %, accepted 25 % (satisfied-looking, not served well: noise),
/// rephrased 40 %, barge-in 19 %, abandoned 10 %.</item>
/// <item>Wrong domain or intent (or nothing served): corrected 6 %, accepted 5 % (noise), rephrased 45 %, barge-in 29 %,
/// abandoned 15 %.</item>
/// </list>
/// A correction is the gold interpretation. Each decision is drawn from a hash of the seed and the utterance id, so
/// a user reacts the same way whatever the order or parallelism of the traffic.
/// </summary>
public static class SimulatedUser
{
    public const double NoFeedback = 0.10;

    private static readonly (FeedbackOutcome Outcome, double Share)[] ServedRight =
        [(FeedbackOutcome.Accepted, 0.94), (FeedbackOutcome.BargeIn, 0.03), (FeedbackOutcome.Abandoned, 0.03)];

    private static readonly (FeedbackOutcome Outcome, double Share)[] SlotWrong =
        [(FeedbackOutcome.Corrected, 0.06), (FeedbackOutcome.Accepted, 0.25), (FeedbackOutcome.Rephrased, 0.40), (FeedbackOutcome.BargeIn, 0.19), (FeedbackOutcome.Abandoned, 0.10)];

    private static readonly (FeedbackOutcome Outcome, double Share)[] IntentWrong =
        [(FeedbackOutcome.Corrected, 0.06), (FeedbackOutcome.Accepted, 0.05), (FeedbackOutcome.Rephrased, 0.45), (FeedbackOutcome.BargeIn, 0.29), (FeedbackOutcome.Abandoned, 0.15)];

    public static UserReaction React(LabelledExample example, Hypothesis? servedTop, int seed)
    {
        ArgumentNullException.ThrowIfNull(example);
        var gold = example.Gold ?? throw new ArgumentException("A simulated user needs the gold label.", nameof(example));
        var (gives, choice) = Draws(seed, example.Id);
        if (gives < NoFeedback)
        {
            return new UserReaction(null, null);
        }

        var error = servedTop is null ? SemanticError.Empty(gold) : SemanticError.Compute(servedTop, gold);
        var table = error.IsExact ? ServedRight : error.IntentCorrect ? SlotWrong : IntentWrong;
        var outcome = Pick(table, choice);
        return new UserReaction(outcome, outcome == FeedbackOutcome.Corrected ? gold : null);
    }

    private static FeedbackOutcome Pick((FeedbackOutcome Outcome, double Share)[] table, double u)
    {
        var cumulative = 0.0;
        foreach (var (outcome, share) in table)
        {
            cumulative += share;
            if (u < cumulative)
            {
                return outcome;
            }
        }

        return table[^1].Outcome;
    }

    /// <summary>Two independent uniforms in [0, 1) from SHA-256 of the seed and the id.</summary>
    private static (double First, double Second) Draws(int seed, string id)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{seed}/{id}")));
        return (Uniform(hash.AsSpan(0, 8)), Uniform(hash.AsSpan(8, 8)));
    }

    private static double Uniform(ReadOnlySpan<byte> bytes) => (BitConverter.ToUInt64(bytes) >> 11) * (1.0 / (1UL << 53));
}
