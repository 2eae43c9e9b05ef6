namespace ReRanker.Core.Model;

/// <summary>
/// One domain's interpretation of an utterance, with that domain's own confidences in [0, 1].
/// Confidences from different domains are not comparable; that is what re-ranking fixes.
/// </summary>
public sealed record Hypothesis(
    string Domain,
    string Intent,
    IReadOnlyList<Slot> Slots,
    double DomainScore,
    double IntentScore,
    double SlotScore,
    string? Id = null);
