using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
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
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Fail("$", "must be a JSON object");
            }

            var id = String(root, "id", "id");
            var utterance = root.TryGetProperty("utterance", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            var context = ParseContext(root);
            var gold = Object(root, "gold", "gold");
            var goldInterpretation = new GoldInterpretation(
                String(gold, "domain", "gold.domain"),
                String(gold, "intent", "gold.intent"),
                ParseSlots(gold, "gold.slots"));
            var hypotheses = Array(root, "hypotheses", "hypotheses");
            var list = new List<Hypothesis>(hypotheses.GetArrayLength());
            var index = 0;
            foreach (var h in hypotheses.EnumerateArray())
            {
                list.Add(ParseHypothesis(h, $"hypotheses[{index++}]"));
            }

            return new LabelledExample(id, utterance, context, goldInterpretation, list);
        }

        private Hypothesis ParseHypothesis(JsonElement h, string path)
        {
            if (h.ValueKind != JsonValueKind.Object)
            {
                throw Fail(path, "must be an object");
            }

            return new Hypothesis(
                String(h, "domain", $"{path}.domain"),
                String(h, "intent", $"{path}.intent"),
                ParseSlots(h, $"{path}.slots"),
                Probability(h, "domainScore", $"{path}.domainScore"),
                Probability(h, "intentScore", $"{path}.intentScore"),
                Probability(h, "slotScore", $"{path}.slotScore"),
                h.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null);
        }

        private Slot[] ParseSlots(JsonElement parent, string path)
        {
            if (!parent.TryGetProperty("slots", out var slots) || slots.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (slots.ValueKind != JsonValueKind.Array)
            {
                throw Fail(path, "must be an array");
            }

            var result = new Slot[slots.GetArrayLength()];
            var i = 0;
            foreach (var slot in slots.EnumerateArray())
            {
                var slotPath = $"{path}[{i}]";
                if (slot.ValueKind != JsonValueKind.Object)
                {
                    throw Fail(slotPath, "must be an object");
                }

                double? confidence = slot.TryGetProperty("confidence", out var c) && c.ValueKind != JsonValueKind.Null
                    ? Probability(slot, "confidence", $"{slotPath}.confidence")
                    : null;
                result[i++] = new Slot(String(slot, "name", $"{slotPath}.name"), String(slot, "value", $"{slotPath}.value"), confidence);
            }

            return result;
        }

        private RequestContext ParseContext(JsonElement root)
        {
            if (!root.TryGetProperty("context", out var context) || context.ValueKind == JsonValueKind.Null)
            {
                return RequestContext.Empty;
            }

            if (context.ValueKind != JsonValueKind.Object)
            {
                throw Fail("context", "must be a flat object");
            }

            var entries = new List<KeyValuePair<string, ContextValue>>();
            foreach (var property in context.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => ContextValue.Of(property.Value.GetString()!),
                    JsonValueKind.True => ContextValue.Of(true),
                    JsonValueKind.False => ContextValue.Of(false),
                    JsonValueKind.Number when property.Value.TryGetDouble(out var d) && double.IsFinite(d) => ContextValue.Of(d),
                    _ => throw Fail($"context.{property.Name}", "must be a string, boolean or finite number"),
                };
                entries.Add(KeyValuePair.Create(property.Name, value));
            }

            return new RequestContext(entries);
        }

        private string String(JsonElement parent, string name, string path) =>
            parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String
                ? e.GetString()!
                : throw Fail(path, "is required and must be a string");

        private JsonElement Object(JsonElement parent, string name, string path) =>
            parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Object ? e : throw Fail(path, "is required and must be an object");

        private JsonElement Array(JsonElement parent, string name, string path) =>
            parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Array ? e : throw Fail(path, "is required and must be an array");

        private double Probability(JsonElement parent, string name, string path)
        {
            if (parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var p) && p is >= 0 and <= 1)
            {
                return p;
            }

            throw Fail(path, "is required and must be a number within [0, 1]");
        }

        private CorpusFormatException Fail(string field, string reason) => new(lineNumber, field, reason);
    }
}
