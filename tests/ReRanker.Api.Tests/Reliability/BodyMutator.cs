using System.Text;
using System.Text.Json.Nodes;

namespace ReRanker.Api.Tests.Reliability;

/// <summary>
/// Turns a valid rerank body into a broken one, the same families of damage as tests/load/fuzz.py (the 10,000
/// request run): wrong types, NaN and Infinity as strings and as bare numbers, huge and negative numbers, deep
/// nesting, missing and duplicated fields, oversized strings, invalid UTF-8 and truncated JSON. Deterministic
/// for a given <see cref="Random"/> seed.
/// </summary>
internal static class BodyMutator
{
    public const int KindCount = 10;

    private static readonly string[] ScoreFields = ["domainScore", "intentScore", "slotScore"];

    private static readonly Func<JsonNode?>[] WrongValues =
    [
        () => "text", () => 12, () => -3.5, () => true, () => null, () => new JsonArray(1, "a"), () => new JsonObject { ["a"] = 1 },
    ];

    public static byte[] Mutate(JsonObject valid, int kind, Random random)
    {
        var body = valid.DeepClone().AsObject();
        var hypothesis = body["hypotheses"]!.AsArray()[random.Next(body["hypotheses"]!.AsArray().Count)]!.AsObject();
        var field = ScoreFields[random.Next(ScoreFields.Length)];
        switch (kind)
        {
            case 0:
                var (parent, key) = PickField(body, random);
                Set(parent, key, WrongValues[random.Next(WrongValues.Length)]());
                return Bytes(body);
            case 1:
                hypothesis[field] = random.Next(2) == 0 ? "NaN" : "-Infinity";
                return Bytes(body);
            case 2:
                hypothesis[field] = "__RAW__";
                return Replace(Bytes(body), "\"__RAW__\"", random.Next(3) switch { 0 => "NaN", 1 => "Infinity", _ => "1e999" });
            case 3:
                hypothesis[field] = random.Next(3) switch { 0 => 1e308, 1 => -1, _ => 1.0000001 };
                body["topK"] = random.Next(2) == 0 ? -5 : int.MaxValue;
                return Bytes(body);
            case 4:
                var depth = random.Next(2) == 0 ? 64 : 5000;
                body["context"]!.AsObject()["deep"] = "__RAW__";
                return Replace(Bytes(body), "\"__RAW__\"", new string('[', depth) + new string(']', depth));
            case 5:
                var (owner, name) = PickField(body, random);
                if (owner is JsonObject o)
                {
                    o.Remove(name.ToString()!);
                }

                return Bytes(body);
            case 6:
                return Replace(Bytes(body), "\"domainScore\":", "\"domainScore\":0.5,\"domainScore\":", once: true);
            case 7:
                hypothesis["domain"] = new string('a', random.Next(2) == 0 ? 300 * 1024 : 1024 * 1024);
                return Bytes(body);
            case 8:
                var text = Bytes(body);
                var at = Math.Max(0, text.AsSpan().IndexOf("\"domain\":\""u8)) + 10;
                return [.. text[..at], 0xFF, 0xFE, 0xC0, 0xAF, .. text[at..]];
            default:
                var full = Bytes(body);
                return full[..random.Next(full.Length)];
        }
    }

    /// <summary>Any property or array item in the body, at any depth.</summary>
    private static (JsonNode Parent, object Key) PickField(JsonObject body, Random random)
    {
        var fields = new List<(JsonNode, object)>();
        var stack = new Stack<JsonNode>([body]);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            var children = node switch
            {
                JsonObject o => o.Select(p => ((object)p.Key, p.Value)).ToList(),
                JsonArray a => a.Select((v, i) => ((object)i, v)).ToList(),
                _ => [],
            };
            foreach (var (key, child) in children)
            {
                fields.Add((node, key));
                if (child is JsonObject or JsonArray)
                {
                    stack.Push(child);
                }
            }
        }

        return fields[random.Next(fields.Count)];
    }

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject o)
        {
            o[(string)key] = value;
        }
        else
        {
            parent.AsArray()[(int)key] = value;
        }
    }

    private static byte[] Bytes(JsonObject body) => Encoding.UTF8.GetBytes(body.ToJsonString());

    private static byte[] Replace(byte[] utf8, string find, string replacement, bool once = false)
    {
        var text = Encoding.UTF8.GetString(utf8);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        text = at < 0 ? text : once ? string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length)) : text.Replace(find, replacement, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text);
    }
}
