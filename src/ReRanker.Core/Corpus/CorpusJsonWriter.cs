using System.Text.Json;
using ReRanker.Core.Model;
using ReRanker.Core.Text;

namespace ReRanker.Core.Corpus;

/// <summary>
/// Writes the parts the corpus format and the decision log share, exactly as <see cref="CorpusJson"/> reads them.
/// Slot values go through <paramref name="values"/>: the decision log writes them as keyed hashes, never in clear.
/// </summary>
internal static class CorpusJsonWriter
{
    public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    public static readonly JsonEncodedText Context = JsonEncodedText.Encode("context");
    public static readonly JsonEncodedText Hypotheses = JsonEncodedText.Encode("hypotheses");
    private static readonly JsonEncodedText DomainName = JsonEncodedText.Encode("domain");
    private static readonly JsonEncodedText IntentName = JsonEncodedText.Encode("intent");
    private static readonly JsonEncodedText SlotsName = JsonEncodedText.Encode("slots");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText ConfidenceName = JsonEncodedText.Encode("confidence");
    private static readonly JsonEncodedText DomainScoreName = JsonEncodedText.Encode("domainScore");
    private static readonly JsonEncodedText IntentScoreName = JsonEncodedText.Encode("intentScore");
    private static readonly JsonEncodedText SlotScoreName = JsonEncodedText.Encode("slotScore");

    public static void WriteContext(Utf8JsonWriter writer, RequestContext context)
    {
        writer.WriteStartObject(Context);
        // Index loops: a foreach over an IReadOnlyList allocates an enumerator, and the decision log writes this per request.
        foreach (var (key, value) in context.Span)
        {
            switch (value.Kind)
            {
                case ContextValueKind.String:
                    writer.WriteString(key, value.Text);
                    break;
                case ContextValueKind.Boolean:
                    writer.WriteBoolean(key, value.Number != 0);
                    break;
                default:
                    writer.WriteNumber(key, value.Number);
                    break;
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>The hypotheses array; a hypothesis's caller <c>id</c> is written only when <paramref name="withIds"/>.</summary>
    public static void WriteHypotheses(Utf8JsonWriter writer, IReadOnlyList<Hypothesis> hypotheses, ISlotValueWriter values, bool withIds)
    {
        writer.WriteStartArray(Hypotheses);
        for (var i = 0; i < hypotheses.Count; i++)
        {
            var h = hypotheses[i];
            writer.WriteStartObject();
            writer.WriteString(DomainName, h.Domain);
            writer.WriteString(IntentName, h.Intent);
            WriteSlots(writer, h.Slots, values);
            ShortDecimal.WriteNumber(writer, DomainScoreName, h.DomainScore);
            ShortDecimal.WriteNumber(writer, IntentScoreName, h.IntentScore);
            ShortDecimal.WriteNumber(writer, SlotScoreName, h.SlotScore);
            if (withIds && h.Id is { } id)
            {
                writer.WriteString(Id, id);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    public static void WriteInterpretation(Utf8JsonWriter writer, JsonEncodedText name, GoldInterpretation interpretation, ISlotValueWriter values)
    {
        writer.WriteStartObject(name);
        writer.WriteString(DomainName, interpretation.Domain);
        writer.WriteString(IntentName, interpretation.Intent);
        WriteSlots(writer, interpretation.Slots, values);
        writer.WriteEndObject();
    }

    private static void WriteSlots(Utf8JsonWriter writer, IReadOnlyList<Slot> slots, ISlotValueWriter values)
    {
        writer.WriteStartArray(SlotsName);
        for (var i = 0; i < slots.Count; i++)
        {
            var slot = slots[i];
            writer.WriteStartObject();
            writer.WriteString(NameName, slot.Name);
            values.WriteValue(writer, ValueName, slot.Value);
            if (slot.Confidence is { } confidence)
            {
                ShortDecimal.WriteNumber(writer, ConfidenceName, confidence);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}

/// <summary>How a slot value is written: as it is (<see cref="Verbatim"/>), or protected (the decision log's keyed hash).</summary>
public interface ISlotValueWriter
{
    /// <summary>Writes the property <paramref name="name"/> with <paramref name="value"/> in the form this writer stores.</summary>
    void WriteValue(Utf8JsonWriter writer, JsonEncodedText name, string value);
}

/// <summary>Writes slot values as they are (for corpus files, whose values are already what the corpus holds).</summary>
public sealed class VerbatimSlotValues : ISlotValueWriter
{
    public static VerbatimSlotValues Instance { get; } = new();

    private VerbatimSlotValues()
    {
    }

    public void WriteValue(Utf8JsonWriter writer, JsonEncodedText name, string value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(name, value);
    }
}
