using ReRanker.Core.DecisionLog;
using ReRanker.Core.Model;
using ReRanker.Core.Text;

namespace ReRanker.Core.Corpus;

/// <summary>Writes one corpus line in the format <see cref="CorpusReader"/> reads (the slurp-nbest format and its traffic extension).</summary>
public static class CorpusWriter
{
    /// <summary>Writes <paramref name="example"/> as one JSON object (no newline); values are written as they are.</summary>
    public static void Write(JsonLineWriter line, LabelledExample example)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(example);
        line.Raw("{\"id\":"u8);
        line.String(example.Id);
        if (example.Utterance is { } utterance)
        {
            line.Raw(",\"utterance\":"u8);
            line.String(utterance);
        }

        line.Raw(","u8);
        CorpusJsonWriter.WriteContext(line, example.Context);
        if (example.Gold is { } gold)
        {
            line.Raw(",\"gold\":"u8);
            CorpusJsonWriter.WriteInterpretation(line, gold, VerbatimSlotValues.Instance);
        }

        if (example.KnownWrong is { } knownWrong)
        {
            line.Raw(",\"knownWrong\":"u8);
            line.Number(knownWrong);
        }

        if (example.Outcome is { } outcome)
        {
            line.Raw(",\"outcome\":"u8);
            line.String(FeedbackOutcomes.Name(outcome));
        }

        line.Raw(","u8);
        CorpusJsonWriter.WriteHypotheses(line, example.Hypotheses, VerbatimSlotValues.Instance);
        line.Raw("}"u8);
    }
}
