using System.Text.Json;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Model;

namespace ReRanker.Core.Corpus;

/// <summary>Writes one corpus line in the format <see cref="CorpusReader"/> reads (the slurp-nbest format and its traffic extension).</summary>
public static class CorpusWriter
{
    private static readonly JsonEncodedText Utterance = JsonEncodedText.Encode("utterance");
    private static readonly JsonEncodedText Gold = JsonEncodedText.Encode("gold");
    private static readonly JsonEncodedText KnownWrong = JsonEncodedText.Encode("knownWrong");
    private static readonly JsonEncodedText Outcome = JsonEncodedText.Encode("outcome");

    /// <summary>Writes <paramref name="example"/> as one JSON object (no newline); values are written as they are.</summary>
    public static void Write(Utf8JsonWriter writer, LabelledExample example)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(example);
        writer.WriteStartObject();
        writer.WriteString(CorpusJsonWriter.Id, example.Id);
        if (example.Utterance is { } utterance)
        {
            writer.WriteString(Utterance, utterance);
        }

        CorpusJsonWriter.WriteContext(writer, example.Context);
        if (example.Gold is { } gold)
        {
            CorpusJsonWriter.WriteInterpretation(writer, Gold, gold, VerbatimSlotValues.Instance);
        }

        if (example.KnownWrong is { } knownWrong)
        {
            writer.WriteNumber(KnownWrong, knownWrong);
        }

        if (example.Outcome is { } outcome)
        {
            writer.WriteString(Outcome, FeedbackOutcomes.Name(outcome));
        }

        CorpusJsonWriter.WriteHypotheses(writer, example.Hypotheses, VerbatimSlotValues.Instance, withIds: true);
        writer.WriteEndObject();
    }
}
