using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Model;

namespace ReRanker.Core.Corpus;

/// <summary>
/// Streams the slurp-nbest JSON-lines format: one line in memory at a time, whatever the file size.
/// A bad line raises <see cref="CorpusFormatException"/> with its line number, unless the caller
/// asks to skip bad lines, in which case each is reported to <c>onInvalidLine</c>.
/// </summary>
public static class CorpusReader
{
    public static async IAsyncEnumerable<LabelledExample> ReadAsync(
        Stream stream,
        Action<CorpusFormatException>? onInvalidLine = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            // StreamReader checks the token only when it refills its buffer, and only streams that honour it.
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            LabelledExample example;
            try
            {
                example = ParseLine(line, lineNumber);
            }
            catch (CorpusFormatException ex) when (onInvalidLine is not null)
            {
                onInvalidLine(ex);
                continue;
            }

            yield return example;
        }
    }

    /// <summary>Parses one line; throws <see cref="CorpusFormatException"/> naming the field on anything invalid.</summary>
    public static LabelledExample ParseLine(string line, long lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new CorpusFormatException(lineNumber, "$", $"not valid JSON ({ex.Message})");
        }

        using (document)
        {
            return new LineParser(lineNumber).Parse(document.RootElement);
        }
    }

    private readonly struct LineParser(long lineNumber)
    {
        public LabelledExample Parse(JsonElement root)
        {
            var json = new CorpusJson(lineNumber);
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw json.Fail("$", "must be a JSON object");
            }

            var id = json.String(root, "id", "id");
            var utterance = json.OptionalString(root, "utterance", "utterance");
            var context = json.Context(root);
            var hasGold = root.TryGetProperty("gold", out _);
            var gold = hasGold ? json.Interpretation(root, "gold") : null;
            var hypotheses = json.Hypotheses(root);
            var knownWrong = KnownWrong(json, root, hasGold, hypotheses.Count);
            var outcome = Outcome(json, root);
            return new LabelledExample(id, utterance, context, gold, hypotheses) { KnownWrong = knownWrong, Outcome = outcome };
        }

        // A record from traffic without a known answer names the hypothesis known wrong instead (docs/trainer.md).
        private static int? KnownWrong(CorpusJson json, JsonElement root, bool hasGold, int hypotheses)
        {
            if (!root.TryGetProperty("knownWrong", out var element))
            {
                return hasGold ? null : throw json.Fail("gold", "is required (or knownWrong, for a record without gold) and must be an object");
            }

            if (hasGold)
            {
                throw json.Fail("knownWrong", "is only allowed in a record without gold");
            }

            return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var index) && index >= 0 && index < hypotheses
                ? index
                : throw json.Fail("knownWrong", $"must be the index of a hypothesis (0 to {hypotheses - 1})");
        }

        private static FeedbackOutcome? Outcome(CorpusJson json, JsonElement root)
        {
            if (json.OptionalString(root, "outcome", "outcome") is not { } name)
            {
                return root.TryGetProperty("outcome", out _) ? throw json.Fail("outcome", "must be a string") : null;
            }

            return FeedbackOutcomes.TryParse(name, out var outcome)
                ? outcome
                : throw json.Fail("outcome", $"must be one of {string.Join(", ", FeedbackOutcomes.Names)}");
        }
    }
}
