namespace ReRanker.Core.Model;

/// <summary>The annotated, correct interpretation of an utterance.</summary>
public sealed record GoldInterpretation(string Domain, string Intent, IReadOnlyList<Slot> Slots);
