namespace ReRanker.Core.Model;

/// <summary>One corpus line: an utterance, its context, its gold interpretation and every domain's hypotheses.</summary>
public sealed record LabelledExample(
    string Id,
    string? Utterance,
    RequestContext Context,
    GoldInterpretation Gold,
    IReadOnlyList<Hypothesis> Hypotheses);
