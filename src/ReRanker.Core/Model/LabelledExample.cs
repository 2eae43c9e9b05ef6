using ReRanker.Core.DecisionLog;

namespace ReRanker.Core.Model;

/// <summary>
/// One corpus line: an utterance, its context, its gold interpretation and every domain's hypotheses. A record
/// imported from traffic may have no gold: then <see cref="KnownWrong"/> names a hypothesis known not to be exactly
/// right (the one served to a user who rephrased, barged in or abandoned), and nothing else is known.
/// </summary>
public sealed record LabelledExample(
    string Id,
    string? Utterance,
    RequestContext Context,
    GoldInterpretation? Gold,
    IReadOnlyList<Hypothesis> Hypotheses)
{
    /// <summary>Index of the hypothesis known wrong, in a record without <see cref="Gold"/>; null otherwise.</summary>
    public int? KnownWrong { get; init; }

    /// <summary>The user feedback a record imported from traffic was labelled from; null for an annotated corpus line.</summary>
    public FeedbackOutcome? Outcome { get; init; }
}
