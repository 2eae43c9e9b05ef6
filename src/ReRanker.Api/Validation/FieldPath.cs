namespace ReRanker.Api.Validation;

/// <summary>
/// Where a field sits in a rerank request (e.g. <c>hypotheses[3].slots[1].value</c>), kept as indexes and a name
/// and only turned into text when a field fails: a valid request then builds no path strings at all.
/// </summary>
/// <param name="Hypothesis">Index into <c>hypotheses</c>, or -1 for a top-level field.</param>
/// <param name="Slot">Index into that hypothesis's <c>slots</c>, or -1 for a field of the hypothesis itself.</param>
/// <param name="Name">The field's name; empty for the hypothesis or slot object itself.</param>
internal readonly record struct FieldPath(int Hypothesis, int Slot, string Name)
{
    public static FieldPath OfHypothesis(int hypothesis, string name = "") => new(hypothesis, -1, name);

    public static FieldPath OfSlot(int hypothesis, int slot, string name = "") => new(hypothesis, slot, name);

    public override string ToString()
    {
        var parent = Hypothesis < 0 ? string.Empty
            : Slot < 0 ? $"hypotheses[{Hypothesis}]"
            : $"hypotheses[{Hypothesis}].slots[{Slot}]";
        return parent.Length == 0 ? Name : Name.Length == 0 ? parent : $"{parent}.{Name}";
    }
}
