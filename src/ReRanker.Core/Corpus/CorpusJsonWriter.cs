using ReRanker.Core.Model;
using ReRanker.Core.Text;

namespace ReRanker.Core.Corpus;

/// <summary>
/// Writes the corpus format's parts, exactly as <see cref="CorpusJson"/> reads them; the decision log shares the context
/// and the interpretation (a correction).
/// Each part is one property (name included) and the caller writes the comma before it. Slot values go through
/// <paramref name="values"/>: the decision log writes them as keyed hashes, never in clear.
/// </summary>
internal static class CorpusJsonWriter
{
    public static void WriteContext(JsonLineWriter line, RequestContext context)
    {
        line.Raw("\"context\":{"u8);
        var first = true;
        foreach (var (key, value) in context.Span)
        {
            if (!first)
            {
                line.Raw(","u8);
            }

            first = false;
            line.String(key);
            line.Raw(":"u8);
            switch (value.Kind)
            {
                case ContextValueKind.String:
                    line.String(value.Text!);
                    break;
                case ContextValueKind.Boolean:
                    line.Boolean(value.Number != 0);
                    break;
                default:
                    line.Number(value.Number);
                    break;
            }
        }

        line.Raw("}"u8);
    }

    /// <summary>The hypotheses array, with each hypothesis's caller <c>id</c> when it has one.</summary>
    public static void WriteHypotheses(JsonLineWriter line, IReadOnlyList<Hypothesis> hypotheses, ISlotValueWriter values)
    {
        line.Raw("\"hypotheses\":["u8);
        // Index loops: a foreach over an IReadOnlyList allocates an enumerator, and the decision log writes this per request.
        for (var i = 0; i < hypotheses.Count; i++)
        {
            var h = hypotheses[i];
            line.Raw(i == 0 ? "{"u8 : ",{"u8);
            WriteInterpretationFields(line, h.Domain, h.Intent, h.Slots, values);
            line.Raw(",\"domainScore\":"u8);
            line.Number(h.DomainScore);
            line.Raw(",\"intentScore\":"u8);
            line.Number(h.IntentScore);
            line.Raw(",\"slotScore\":"u8);
            line.Number(h.SlotScore);
            if (h.Id is { } id)
            {
                line.Raw(",\"id\":"u8);
                line.String(id);
            }

            line.Raw("}"u8);
        }

        line.Raw("]"u8);
    }

    /// <summary>An interpretation as the object <c>{"domain","intent","slots"}</c>, after the caller's property name.</summary>
    public static void WriteInterpretation(JsonLineWriter line, GoldInterpretation interpretation, ISlotValueWriter values)
    {
        line.Raw("{"u8);
        WriteInterpretationFields(line, interpretation.Domain, interpretation.Intent, interpretation.Slots, values);
        line.Raw("}"u8);
    }

    // "domain", "intent" and "slots": what a hypothesis and an interpretation (gold, a correction) share.
    private static void WriteInterpretationFields(JsonLineWriter line, string domain, string intent, IReadOnlyList<Slot> slots, ISlotValueWriter values)
    {
        line.Raw("\"domain\":"u8);
        line.String(domain);
        line.Raw(",\"intent\":"u8);
        line.String(intent);
        line.Raw(","u8);
        WriteSlots(line, slots, values);
    }

    private static void WriteSlots(JsonLineWriter line, IReadOnlyList<Slot> slots, ISlotValueWriter values)
    {
        line.Raw("\"slots\":["u8);
        for (var i = 0; i < slots.Count; i++)
        {
            var slot = slots[i];
            line.Raw(i == 0 ? "{\"name\":"u8 : ",{\"name\":"u8);
            line.String(slot.Name);
            line.Raw(",\"value\":"u8);
            values.WriteValue(line, slot.Value);
            if (slot.Confidence is { } confidence)
            {
                line.Raw(",\"confidence\":"u8);
                line.Number(confidence);
            }

            line.Raw("}"u8);
        }

        line.Raw("]"u8);
    }
}

/// <summary>How a slot value is written: as it is (<see cref="Verbatim"/>), or protected (the decision log's keyed hash).</summary>
public interface ISlotValueWriter
{
    /// <summary>Writes <paramref name="value"/>, as a JSON value, in the form this writer stores.</summary>
    void WriteValue(JsonLineWriter line, string value);
}

/// <summary>Writes slot values as they are (for corpus files, whose values are already what the corpus holds).</summary>
public sealed class VerbatimSlotValues : ISlotValueWriter
{
    public static VerbatimSlotValues Instance { get; } = new();

    private VerbatimSlotValues()
    {
    }

    public void WriteValue(JsonLineWriter line, string value)
    {
        ArgumentNullException.ThrowIfNull(line);
        line.String(value);
    }
}
