namespace ReRanker.Core.Model;

/// <summary>One slot of an interpretation. <paramref name="Confidence"/> is the tagger's per-slot confidence, when it gave one.</summary>
public sealed record Slot(string Name, string Value, double? Confidence = null);
