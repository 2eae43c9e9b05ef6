using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReRanker.Core.Text;

namespace ReRanker.Api.Tests.Reliability;

/// <summary>The classes of hostile input the fuzz tests send (docs/reliability.md lists them).</summary>
internal enum Damage
{
    WrongType,
    MissingField,
    DuplicateKey,
    LongString,
    OversizedBody,
    SurrogateEscape,
    SurrogateEscapeInName,
    InvalidUtf8InString,
    InvalidUtf8InName,
    InvalidUtf8OutsideStrings,
    ControlCharacterInName,
    RawControlCharacter,
    OutOfRange,
    HugeNumber,
    NonFiniteString,
    NonFiniteLiteral,
    DeepNesting,
    ByteOrderMark,
    WrongRoot,
    Truncated,
    FlippedBytes,
    Spliced,
}

/// <summary>What a correct service answers to a damaged body.</summary>
internal enum Expect
{
    /// <summary>200: the damage leaves a valid request.</summary>
    Accepted,

    /// <summary>A 400 whose errors name <see cref="Mutation.Field"/>.</summary>
    FieldNamed,

    /// <summary>A 4xx problem, whichever field it names.</summary>
    Refused,

    /// <summary>200 or a 4xx problem; when <see cref="Mutation.Field"/> is set, a 400 names it or a field inside it.</summary>
    Either,
}

/// <summary>A damaged body and what the service must answer to it.</summary>
/// <param name="StaysInItsItem">As one item of a batch, the damage fails only that item (the batch body stays one JSON document).</param>
internal sealed record Mutation(Damage Damage, byte[] Body, Expect Expect, string? Field, bool StaysInItsItem)
{
    public override string ToString() => $"{Damage} ({Expect} {Field}): {Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 300)))}";
}

/// <summary>A property or array item of a body: the way to it (to find it again in a copy) and its field path as errors name it.</summary>
internal sealed record Spot(IReadOnlyList<object> Segments, string Field, JsonValueKind Kind)
{
    public bool IsProperty => Segments[^1] is string;

    /// <summary>The object or array that holds this spot, as errors name it ("$" for the body).</summary>
    public string ParentField => Segments.Count == 1 ? "$" : FieldOf(Segments.Take(Segments.Count - 1));

    /// <summary>A name rather than free text: ids, intents, slot names and context keys may hold no control character.</summary>
    public bool IsName => Kind == JsonValueKind.String && Segments[0] is not "context" && Segments[^1] is "requestId" or "id" or "intent" or "name";

    public bool IsContextKey => Segments is ["context", string];

    public bool IsConfidenceOrTopK => Kind == JsonValueKind.Number && Segments[^1] is "domainScore" or "intentScore" or "slotScore" or "confidence" or "topK";

    public static string FieldOf(IEnumerable<object> segments)
    {
        var field = new StringBuilder();
        foreach (var segment in segments)
        {
            _ = segment is int index ? field.Append('[').Append(index).Append(']')
                : field.Length == 0 ? field.Append((string)segment)
                : field.Append('.').Append((string)segment);
        }

        return field.ToString();
    }
}

/// <summary>
/// The one mutator of the fuzz tests: turns a valid rerank body into a hostile one of a given <see cref="Damage"/>,
/// at a given or a random <see cref="Spot"/>, and says what the service must answer. Deterministic for a given
/// <see cref="Random"/> seed. Text-level damage (escapes, raw bytes) goes through a placeholder, because a JSON
/// writer cannot produce it.
/// </summary>
internal static class BodyMutator
{
    public static IReadOnlyList<Damage> All { get; } = Enum.GetValues<Damage>();

    private const string Placeholder = "__HOSTILE__";

    private static readonly string[] NotTextEscapes = [@"\ud800", @"x\udc00", @"\ud800\u0041", @"\udfff\ud800", @"ab\udbff"];

    private static readonly byte[][] InvalidUtf8 = [[0xFF], [0xFE, 0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80]];

    private static readonly char[] ControlCharacters = ['\0', '\u0001', '\n', '\t', '\u001f', '\u007f', '\u0085'];

    private static readonly Func<JsonNode?>[] WrongValues =
    [
        () => "text", () => 12, () => -3.5, () => true, () => null, () => new JsonArray(1, "a"), () => new JsonObject { ["a"] = 1 },
    ];

    /// <summary>Every property and array item of <paramref name="body"/>, at any depth.</summary>
    public static IReadOnlyList<Spot> Spots(JsonObject body)
    {
        var spots = new List<Spot>();
        Walk(body, [], spots);
        return spots;
    }

    /// <summary>Whether <paramref name="damage"/> can hit <paramref name="spot"/>; damage that hits no spot fits none.</summary>
    public static bool Fits(Damage damage, Spot spot) => damage switch
    {
        Damage.WrongType => true,
        Damage.MissingField or Damage.DuplicateKey or Damage.SurrogateEscapeInName or Damage.InvalidUtf8InName => spot.IsProperty,
        Damage.LongString or Damage.OversizedBody or Damage.SurrogateEscape or Damage.InvalidUtf8InString or Damage.RawControlCharacter =>
            spot.Kind == JsonValueKind.String,
        Damage.ControlCharacterInName => spot.IsName || spot.IsContextKey,
        Damage.OutOfRange or Damage.NonFiniteString => spot.IsConfidenceOrTopK,
        Damage.HugeNumber or Damage.NonFiniteLiteral => spot.Kind == JsonValueKind.Number,
        _ => false,
    };

    /// <summary>Damages <paramref name="valid"/> at a random spot that fits (or where the damage needs no spot).</summary>
    public static Mutation Mutate(JsonObject valid, Damage damage, Random random)
    {
        var fitting = Spots(valid).Where(s => Fits(damage, s)).ToList();
        return Mutate(valid, damage, fitting.Count == 0 ? null : fitting[random.Next(fitting.Count)], random);
    }

    /// <summary>Damages <paramref name="valid"/> at <paramref name="spot"/> (null for damage that needs none).</summary>
    public static Mutation Mutate(JsonObject valid, Damage damage, Spot? spot, Random random)
    {
        var body = valid.DeepClone().AsObject();
        var field = spot?.Field;
        switch (damage)
        {
            case Damage.WrongType:
                Set(body, spot!, WrongValues[random.Next(WrongValues.Length)]());
                return new(damage, Bytes(body), Expect.Either, field, true);
            case Damage.MissingField:
                ((JsonObject)Parent(body, spot!)).Remove((string)spot!.Segments[^1]);
                return new(damage, Bytes(body), Expect.Either, field, true);
            case Damage.DuplicateKey:
                var name = (string)spot!.Segments[^1];
                var value = Get(body, spot).ToJsonString();
                Rename(body, spot, Placeholder);
                return new(damage, Replace(Bytes(body), $"\"{Placeholder}\":", $"{Quoted(name)}:{value},{Quoted(name)}:"), Expect.FieldNamed, field, true);
            case Damage.LongString:
                Set(body, spot!, new string('a', random.Next(129, 20_000)));
                return new(damage, Bytes(body), Expect.FieldNamed, field, true);
            case Damage.OversizedBody:
                Set(body, spot!, new string('a', random.Next(2) == 0 ? 300 * 1024 : 1024 * 1024));
                return new(damage, Bytes(body), Expect.Refused, null, false);
            case Damage.SurrogateEscape:
                return new(damage, AtValue(body, spot!, Utf8($"\"{Pick(NotTextEscapes, random)}\"")), Expect.FieldNamed, field, true);
            case Damage.SurrogateEscapeInName:
                return new(damage, AtName(body, spot!, Utf8($"\"{Pick(NotTextEscapes, random)}\"")), Expect.FieldNamed, spot!.ParentField, true);
            case Damage.InvalidUtf8InString:
                return new(damage, AtValue(body, spot!, [(byte)'"', (byte)'a', .. Pick(InvalidUtf8, random), (byte)'"']), Expect.FieldNamed, field, true);
            case Damage.InvalidUtf8InName:
                return new(damage, AtName(body, spot!, [(byte)'"', (byte)'k', .. Pick(InvalidUtf8, random), (byte)'"']), Expect.FieldNamed, spot!.ParentField, true);
            case Damage.InvalidUtf8OutsideStrings:
                var text = Bytes(body);
                var comma = Array.IndexOf(text, (byte)',', random.Next(text.Length / 2));
                return new(damage, [.. text[..(comma + 1)], .. Pick(InvalidUtf8, random), .. text[(comma + 1)..]], Expect.FieldNamed, "$", false);
            case Damage.ControlCharacterInName:
                var control = ControlCharacters[random.Next(ControlCharacters.Length)];
                if (spot!.IsContextKey)
                {
                    var key = $"k{control}{spot.Segments[^1]}";
                    Rename(body, spot, key);
                    return new(damage, Bytes(body), Expect.FieldNamed, $"context.{JsonText.Printable(key)}", true);
                }

                Set(body, spot, $"{Get(body, spot).GetValue<string>()}{control}x");
                return new(damage, Bytes(body), Expect.FieldNamed, field, true);
            case Damage.RawControlCharacter:
                var raw = (byte)ControlCharacters[random.Next(5)]; // below 0x20: JSON needs them escaped
                return new(damage, AtValue(body, spot!, [(byte)'"', (byte)'a', raw, (byte)'"']), Expect.Refused, null, false);
            case Damage.OutOfRange:
                Set(body, spot!, spot!.Segments[^1] is "topK"
                    ? Pick<JsonNode>([0, -5, int.MaxValue, 2.5], random)
                    : Pick<JsonNode>([-1, 1.0000001, 1e308, -0.0001, 7], random));
                return new(damage, Bytes(body), Expect.FieldNamed, field, true);
            case Damage.HugeNumber:
                var huge = Pick(["1e400", "-1e400", "1e-400", new string('9', 400), "-" + new string('9', 400) + ".5", "123456789012345678901234567890"], random);
                return new(damage, AtValue(body, spot!, Utf8(huge)), Expect.Either, field, true);
            case Damage.NonFiniteString:
                Set(body, spot!, Pick(["NaN", "Infinity", "-Infinity", "1e999"], random));
                return new(damage, Bytes(body), Expect.FieldNamed, field, true);
            case Damage.NonFiniteLiteral:
                return new(damage, AtValue(body, spot!, Utf8(Pick(["NaN", "Infinity", "-Infinity", "+1", ".5", "01"], random))), Expect.Refused, null, false);
            case Damage.DeepNesting:
                // 15 levels inside context is one too many for a request but fits in a batch body; the others do not.
                var depth = Pick([15, 64, 5000], random);
                body["context"] = body["context"] ?? new JsonObject();
                body["context"]!.AsObject()["deep"] = Placeholder;
                return new(damage, Replace(Bytes(body), $"\"{Placeholder}\"", new string('[', depth) + new string(']', depth)), Expect.Refused, null, depth == 15);
            case Damage.ByteOrderMark:
                return new(damage, [0xEF, 0xBB, 0xBF, .. Bytes(body)], Expect.Accepted, null, false);
            case Damage.WrongRoot:
                return new(damage, Utf8(Pick(["[]", "null", "\"x\"", "12", "true", "[{}]"], random)), Expect.FieldNamed, "$", true);
            case Damage.Truncated:
                var full = Bytes(body);
                return new(damage, full[..random.Next(full.Length)], Expect.Refused, null, false);
            case Damage.FlippedBytes:
                var flipped = Bytes(body);
                for (var k = 0; k < 1 + random.Next(4); k++)
                {
                    flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
                }

                return new(damage, flipped, Expect.Either, null, false);
            default:
                var whole = Bytes(body);
                var cut = random.Next(whole.Length);
                return new(damage, [.. whole[..cut], .. whole[random.Next(cut)..]], Expect.Either, null, false);
        }
    }

    /// <summary>The field a 400 names for <paramref name="field"/> of batch item <paramref name="item"/>.</summary>
    public static string InBatch(string field, int item) =>
        field == "$" ? $"requests[{item}]" : field.StartsWith('[') ? $"requests[{item}]{field}" : $"requests[{item}].{field}";

    private static void Walk(JsonNode node, List<object> segments, List<Spot> spots)
    {
        IEnumerable<(object Key, JsonNode? Child)> children = node switch
        {
            JsonObject o => o.Select(p => ((object)p.Key, p.Value)).ToList(),
            JsonArray a => a.Select((v, i) => ((object)i, v)).ToList(),
            _ => [],
        };
        foreach (var (key, child) in children)
        {
            List<object> path = [.. segments, key];
            spots.Add(new Spot(path, Spot.FieldOf(path), child?.GetValueKind() ?? JsonValueKind.Null));
            if (child is JsonObject or JsonArray)
            {
                Walk(child, path, spots);
            }
        }
    }

    private static JsonNode Parent(JsonObject body, Spot spot) =>
        spot.Segments.Take(spot.Segments.Count - 1).Aggregate((JsonNode)body, (node, segment) => segment is int i ? node[i]! : node[(string)segment]!);

    private static JsonNode Get(JsonObject body, Spot spot) =>
        spot.Segments[^1] is int i ? Parent(body, spot)[i]! : Parent(body, spot)[(string)spot.Segments[^1]]!;

    private static void Set(JsonObject body, Spot spot, JsonNode? value)
    {
        var parent = Parent(body, spot);
        if (spot.Segments[^1] is int i)
        {
            parent[i] = value;
        }
        else
        {
            parent[(string)spot.Segments[^1]] = value;
        }
    }

    /// <summary>Renames a property in place (its position kept, so errors point where they would).</summary>
    private static void Rename(JsonObject body, Spot spot, string name)
    {
        var parent = (JsonObject)Parent(body, spot);
        var old = (string)spot.Segments[^1];
        var index = parent.IndexOf(old);
        var value = parent[old];
        parent.RemoveAt(index);
        parent.Insert(index, name, value);
    }

    /// <summary>The body with the value at <paramref name="spot"/> replaced by raw JSON bytes.</summary>
    private static byte[] AtValue(JsonObject body, Spot spot, byte[] raw)
    {
        Set(body, spot, Placeholder);
        return Replace(Bytes(body), Utf8($"\"{Placeholder}\""), raw);
    }

    /// <summary>The body with the property name at <paramref name="spot"/> replaced by a raw JSON string.</summary>
    private static byte[] AtName(JsonObject body, Spot spot, byte[] rawName)
    {
        Rename(body, spot, Placeholder);
        return Replace(Bytes(body), Utf8($"\"{Placeholder}\""), rawName);
    }

    private static T Pick<T>(IReadOnlyList<T> choices, Random random) => choices[random.Next(choices.Count)];

    private static string Quoted(string name) => JsonSerializer.Serialize(name);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Bytes(JsonObject body) => Utf8(body.ToJsonString());

    private static byte[] Replace(byte[] utf8, string find, string replacement) => Replace(utf8, Utf8(find), Utf8(replacement));

    private static byte[] Replace(byte[] utf8, byte[] find, byte[] replacement)
    {
        var at = utf8.AsSpan().IndexOf(find);
        return at < 0 ? utf8 : [.. utf8[..at], .. replacement, .. utf8[(at + find.Length)..]];
    }
}
