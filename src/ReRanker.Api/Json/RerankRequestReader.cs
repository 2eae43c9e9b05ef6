using System.Text.Json;
using ReRanker.Api.Contracts;
using ReRanker.Core.Text;

namespace ReRanker.Api.Json;

/// <summary>
/// The fast path for a rerank body: one forward pass of <see cref="Utf8JsonReader"/> into the wire objects, for a body
/// of exactly the expected shape. Anything else (an unknown, repeated or escaped field name, a wrong type, a number
/// that is not a finite double, a context value that is not a scalar, trailing content, malformed JSON) returns null,
/// and <see cref="RequestBody"/> falls back to System.Text.Json under <see cref="ApiJson.ReadOptions"/>, which names
/// the field. So every error reads as before, and a body read here gives the same objects System.Text.Json would
/// (RerankRequestReaderTests compares the two over the corpus and fuzzed bodies). Why by hand: the source-generated
/// reader goes through the parameterised-constructor converter for init-only properties, which costs about three
/// times this pass (docs/performance.md, the per-stage table).
/// </summary>
internal static class RerankRequestReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        MaxDepth = ApiJson.MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>The request in <paramref name="utf8Json"/> (valid UTF-8, no byte order mark), or null when the slow path must decide.</summary>
    public static RerankRequest? TryRead(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, Options);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var request = ReadRequest(ref reader);
            return request is not null && !reader.Read() ? request : null; // trailing content is the slow path's to report
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static RerankRequest? ReadRequest(ref Utf8JsonReader reader)
    {
        string? requestId = null;
        Dictionary<string, JsonElement>? context = null;
        List<HypothesisInput?>? hypotheses = null;
        int? topK = null;
        bool? explain = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FieldIndex(ref reader, RequestFields);
            if (field < 0 || !FirstTime(ref seen, field) || !reader.Read())
            {
                return null;
            }

            var ok = field switch
            {
                0 => TryReadString(ref reader, out requestId),
                1 => TryReadContext(ref reader, out context),
                2 => TryReadList(ref reader, ReadHypothesis, out hypotheses),
                3 => TryReadInt(ref reader, out topK),
                _ => TryReadBool(ref reader, out explain),
            };
            if (!ok)
            {
                return null;
            }
        }

        return reader.TokenType != JsonTokenType.EndObject ? null : new RerankRequest
        {
            RequestId = requestId,
            Context = context,
            Hypotheses = hypotheses,
            TopK = topK,
            Explain = explain,
        };
    }

    private static readonly byte[][] RequestFields = ["requestId"u8.ToArray(), "context"u8.ToArray(), "hypotheses"u8.ToArray(), "topK"u8.ToArray(), "explain"u8.ToArray()];

    private static readonly byte[][] HypothesisFields =
        ["id"u8.ToArray(), "domain"u8.ToArray(), "intent"u8.ToArray(), "slots"u8.ToArray(), "domainScore"u8.ToArray(), "intentScore"u8.ToArray(), "slotScore"u8.ToArray()];

    private static readonly byte[][] SlotFields = ["name"u8.ToArray(), "value"u8.ToArray(), "confidence"u8.ToArray()];

    private delegate bool ItemReader<T>(ref Utf8JsonReader reader, out T? item)
        where T : class;

    // At StartObject (or Null, read as a null item): the hypothesis, or false for anything the slow path must decide.
    private static bool ReadHypothesis(ref Utf8JsonReader reader, out HypothesisInput? hypothesis)
    {
        hypothesis = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return reader.TokenType == JsonTokenType.Null;
        }

        string? id = null, domain = null, intent = null;
        List<SlotInput?>? slots = null;
        double? domainScore = null, intentScore = null, slotScore = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FieldIndex(ref reader, HypothesisFields);
            if (field < 0 || !FirstTime(ref seen, field) || !reader.Read())
            {
                return false;
            }

            var ok = field switch
            {
                0 => TryReadString(ref reader, out id),
                1 => TryReadName(ref reader, out domain),
                2 => TryReadName(ref reader, out intent),
                3 => TryReadList(ref reader, ReadSlot, out slots),
                4 => TryReadDouble(ref reader, out domainScore),
                5 => TryReadDouble(ref reader, out intentScore),
                _ => TryReadDouble(ref reader, out slotScore),
            };
            if (!ok)
            {
                return false;
            }
        }

        hypothesis = new HypothesisInput
        {
            Id = id,
            Domain = domain,
            Intent = intent,
            Slots = slots,
            DomainScore = domainScore,
            IntentScore = intentScore,
            SlotScore = slotScore,
        };
        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static bool ReadSlot(ref Utf8JsonReader reader, out SlotInput? slot)
    {
        slot = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return reader.TokenType == JsonTokenType.Null;
        }

        string? name = null, value = null;
        double? confidence = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FieldIndex(ref reader, SlotFields);
            if (field < 0 || !FirstTime(ref seen, field) || !reader.Read())
            {
                return false;
            }

            var ok = field switch
            {
                0 => TryReadName(ref reader, out name),
                1 => TryReadString(ref reader, out value),
                _ => TryReadDouble(ref reader, out confidence),
            };
            if (!ok)
            {
                return false;
            }
        }

        slot = new SlotInput { Name = name, Value = value, Confidence = confidence };
        return reader.TokenType == JsonTokenType.EndObject;
    }

    // At StartArray (or Null): every item read by itemReader; false for anything else.
    private static bool TryReadList<T>(ref Utf8JsonReader reader, ItemReader<T> itemReader, out List<T?>? list)
        where T : class
    {
        list = null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return reader.TokenType == JsonTokenType.Null;
        }

        list = [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!itemReader(ref reader, out var item))
            {
                return false;
            }

            list.Add(item);
        }

        return reader.TokenType == JsonTokenType.EndArray;
    }

    // Scalar values only, each as the JsonElement System.Text.Json would give; an object or array value (which the
    // validator refuses) and a repeated key go to the slow path, which also checks inside them.
    private static bool TryReadContext(ref Utf8JsonReader reader, out Dictionary<string, JsonElement>? context)
    {
        context = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return reader.TokenType == JsonTokenType.Null;
        }

        context = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped || !JsonText.TryGetString(ref reader, out var key) || !reader.Read()
                || reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray
                || !context.TryAdd(key, JsonElement.ParseValue(ref reader)))
            {
                return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    // The index of the field the reader is at in fields, or -1 (unknown, or escaped: left to the slow path's unescaping).
    private static int FieldIndex(ref Utf8JsonReader reader, byte[][] fields)
    {
        if (reader.ValueIsEscaped)
        {
            return -1;
        }

        var name = reader.ValueSpan;
        for (var i = 0; i < fields.Length; i++)
        {
            if (name.SequenceEqual(fields[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool FirstTime(ref int seen, int field)
    {
        var bit = 1 << field;
        if ((seen & bit) != 0)
        {
            return false;
        }

        seen |= bit;
        return true;
    }

    private static bool TryReadString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        return reader.TokenType == JsonTokenType.Null
               || (reader.TokenType == JsonTokenType.String && JsonText.TryGetString(ref reader, out value));
    }

    // Domains, intents and slot names repeat across requests: one shared string each (NameTable). Slot values never go there.
    private static bool TryReadName(ref Utf8JsonReader reader, out string? value) =>
        NameTable.Shared.TryGet(ref reader, out value) || TryReadString(ref reader, out value);

    private static bool TryReadDouble(ref Utf8JsonReader reader, out double? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            return false;
        }

        value = number;
        return true;
    }

    private static bool TryReadInt(ref Utf8JsonReader reader, out int? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var number))
        {
            return false;
        }

        value = number;
        return true;
    }

    private static bool TryReadBool(ref Utf8JsonReader reader, out bool? value)
    {
        value = reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => null,
        };
        return value is not null || reader.TokenType == JsonTokenType.Null;
    }
}
