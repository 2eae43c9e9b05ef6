namespace ReRanker.Core.DecisionLog;

/// <summary>How a user reacted to what was served (POST /v1/feedback).</summary>
public enum FeedbackOutcome
{
    /// <summary>The user went on: the served top hypothesis is taken as right (a weak label).</summary>
    Accepted,

    /// <summary>The user said it again differently: the served top hypothesis was wrong.</summary>
    Rephrased,

    /// <summary>The user interrupted the answer: the served top hypothesis was wrong.</summary>
    BargeIn,

    /// <summary>The user gave up: the served top hypothesis was wrong.</summary>
    Abandoned,

    /// <summary>The user said what was meant: the correction is the gold interpretation.</summary>
    Corrected,
}

/// <summary>The one rule for outcome names on the wire, in the log and in imported corpus files.</summary>
public static class FeedbackOutcomes
{
    private static readonly string[] WireNames = ["accepted", "rephrased", "barge-in", "abandoned", "corrected"];

    /// <summary>Every outcome's name, in <see cref="FeedbackOutcome"/> order.</summary>
    public static IReadOnlyList<string> Names => WireNames;

    public static string Name(FeedbackOutcome outcome) => WireNames[(int)outcome];

    public static bool TryParse(string? name, out FeedbackOutcome outcome)
    {
        var index = Array.IndexOf(WireNames, name);
        outcome = index < 0 ? default : (FeedbackOutcome)index;
        return index >= 0;
    }

    /// <summary>True for the implicit negatives: the served top hypothesis was wrong and the right one is unknown.</summary>
    public static bool MeansServedWrong(FeedbackOutcome outcome) =>
        outcome is FeedbackOutcome.Rephrased or FeedbackOutcome.BargeIn or FeedbackOutcome.Abandoned;
}
