using System.Text.Json;
using ReRanker.Core.Model;
using ReRanker.Core.Text;

namespace ReRanker.Core.Corpus;

/// <summary>
/// Reads the parts the corpus format and the decision log share (hypotheses, slots, context, an interpretation),
/// naming the offending field of line <paramref name="lineNumber"/> on anything invalid. Strings go through
/// <see cref="JsonText"/>, the one decoding rule.
/// </summary>
internal readonly struct CorpusJson(long lineNumber)
{
    public Hypothesis Hypothesis(JsonElement h, string path)
    {
        if (h.ValueKind != JsonValueKind.Object)
        {
            throw Fail(path, "must be an object");
        }

        return new Hypothesis(
            String(h, "domain", $"{path}.domain"),
            String(h, "intent", $"{path}.intent"),
            Slots(h, $"{path}.slots"),
            Probability(h, "domainScore", $"{path}.domainScore"),
            Probability(h, "intentScore", $"{path}.intentScore"),
            Probability(h, "slotScore", $"{path}.slotScore"),
            OptionalString(h, "id", $"{path}.id"));
    }

    public List<Hypothesis> Hypotheses(JsonElement root)
    {
        var hypotheses = Array(root, "hypotheses", "hypotheses");
        var list = new List<Hypothesis>(hypotheses.GetArrayLength());
        var index = 0;
        foreach (var h in hypotheses.EnumerateArray())
        {
            list.Add(Hypothesis(h, $"hypotheses[{index++}]"));
        }

        return list;
    }

    public GoldInterpretation Interpretation(JsonElement parent, string name)
    {
        var element = Object(parent, name, name);
        return new GoldInterpretation(String(element, "domain", $"{name}.domain"), String(element, "intent", $"{name}.intent"), Slots(element, $"{name}.slots"));
    }

    public Slot[] Slots(JsonElement parent, string path)
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

    public RequestContext Context(JsonElement root)
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
            if (!JsonText.TryGetName(property, out var key))
            {
                throw Fail("context", $"a key {JsonText.NotTextMessage}");
            }

            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => ContextValue.Of(String(property.Value, $"context.{key}")),
                JsonValueKind.True => ContextValue.Of(true),
                JsonValueKind.False => ContextValue.Of(false),
                JsonValueKind.Number when property.Value.TryGetDouble(out var d) && double.IsFinite(d) => ContextValue.Of(d),
                _ => throw Fail($"context.{key}", "must be a string, boolean or finite number"),
            };
            entries.Add(KeyValuePair.Create(key, value));
        }

        return new RequestContext(entries);
    }

    public string String(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String
            ? String(e, path)
            : throw Fail(path, "is required and must be a string");

    public string? OptionalString(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? String(e, path) : null;

    public JsonElement Object(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Object ? e : throw Fail(path, "is required and must be an object");

    public JsonElement Array(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Array ? e : throw Fail(path, "is required and must be an array");

    public double Probability(JsonElement parent, string name, string path) =>
        Probability(parent.TryGetProperty(name, out var e) ? e : default, path);

    /// <summary><paramref name="element"/> as a probability; <c>default</c> (a missing value) fails as one that is not.</summary>
    public double Probability(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var p) && p is >= 0 and <= 1
            ? p
            : throw Fail(path, "is required and must be a number within [0, 1]");

    /// <summary><paramref name="element"/> as a string.</summary>
    public string Text(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String ? String(element, path) : throw Fail(path, "is required and must be a string");

    public CorpusFormatException Fail(string field, string reason) => new(lineNumber, field, reason);

    private string String(JsonElement element, string path) =>
        JsonText.TryGetString(element, out var value) ? value : throw Fail(path, JsonText.NotTextMessage);
}
