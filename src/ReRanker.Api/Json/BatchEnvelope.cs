using System.Text.Json;
using ReRanker.Core.Text;

namespace ReRanker.Api.Json;

/// <summary>
/// Reads a batch body, <c>{"requests": [...]}</c>, without decoding its items: each item is handed on as its own
/// bytes and parsed on its own (<see cref="RequestBody.Parse{T}"/>), so whatever is wrong inside one item (text that
/// is not text, invalid UTF-8, a duplicate key, a wrong type, too deep) fails that item alone. Only a body that is
/// not one JSON document, or a wrong envelope, fails the whole batch.
/// </summary>
internal static class BatchEnvelope
{
    private const string RequestsField = "requests";

    /// <summary>
    /// How deep the batch body may nest. Deeper than a request may (<see cref="ApiJson.MaxDepth"/>), so that an item nested
    /// too deep fails on its own; only a body nested deeper than this fails the whole batch.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>The items' bytes, or the field and reason the envelope is refused for.</summary>
    public static (List<ReadOnlyMemory<byte>>? Items, string? Field, string? Message) Read(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return (null, "$", "a JSON body is required");
        }

        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = MaxDepth });
        List<ReadOnlyMemory<byte>>? items = null;
        var item = -1;
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                reader.Read(); // refuses anything after the value
                return (null, "$", "must be a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals(RequestsField))
                {
                    return JsonText.TryGetString(ref reader, out var name)
                        ? (null, JsonErrors.FieldFromPath("$." + name), "unknown field")
                        : (null, "$", JsonText.NameNotTextMessage);
                }

                if (items is not null)
                {
                    return (null, RequestsField, "duplicate property");
                }

                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    return (null, RequestsField, "is required");
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return (null, RequestsField, "must be an array of requests");
                }

                items = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    item = items.Count;
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    items.Add(body[start..(int)reader.BytesConsumed]);
                }

                item = -1;
            }

            reader.Read(); // refuses anything after the envelope
        }
        catch (JsonException ex)
        {
            // The reader's own errors carry no path: name the item being read, or the body.
            var (_, message) = JsonErrors.Describe(ex, body.Span, maxDepth: MaxDepth);
            return (null, item >= 0 ? $"{RequestsField}[{item}]" : "$", message);
        }

        return items is null ? (null, RequestsField, "is required") : (items, null, null);
    }
}
