using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;
using ReRanker.Api.Contracts;
using ReRanker.Api.Infrastructure;
using ReRanker.Core.Text;

namespace ReRanker.Api.Json;

/// <summary>
/// Reads request bodies itself, with a size limit, so that every way a body can be wrong (too large,
/// not UTF-8, text that is not text, malformed, truncated, wrong types, too deep) becomes a ProblemDetails
/// naming the field, never a framework exception.
/// </summary>
internal static class RequestBody
{
    /// <summary>A reader for well-formed bodies of the expected shape; null leaves the document to System.Text.Json.</summary>
    public delegate T? FastReader<out T>(ReadOnlySpan<byte> utf8Json)
        where T : class;

    /// <summary>Reads and deserialises a rerank body (<see cref="ParseRerank"/>); exactly one of the two results is non-null.</summary>
    public static Task<(RerankRequest? Value, ProblemHttpResult? Problem)> ReadRerankAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken) =>
        ReadJsonAsync(request, ApiJson.RerankRequest, maxBytes, cancellationToken, RerankRequestReader.TryRead);

    /// <summary>One rerank request (a body or a batch item): the fast reader first, System.Text.Json for everything it leaves.</summary>
    public static (RerankRequest? Value, string? Field, string? Message) ParseRerank(ReadOnlySpan<byte> utf8Json, string prefix = "") =>
        Parse(utf8Json, ApiJson.RerankRequest, prefix, RerankRequestReader.TryRead);

    /// <summary>Reads and deserialises a JSON body; exactly one of the two results is non-null.</summary>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadJsonAsync<T>(
        HttpRequest request, JsonTypeInfo<T> typeInfo, int maxBytes, CancellationToken cancellationToken, FastReader<T>? fastReader = null)
        where T : class
    {
        var (bytes, problem) = await ReadJsonBytesAsync(request, maxBytes, cancellationToken);
        if (bytes is null)
        {
            return (null, problem);
        }

        var parse = Parse(bytes.Value.Span, typeInfo, fastReader: fastReader);
        return parse.Value is not null ? (parse.Value, null) : (null, Problems.Validation(parse.Field!, parse.Message!));
    }

    /// <summary>The bytes of a JSON body (415 for another media type, 413 over the limit), a leading UTF-8 byte order mark dropped.</summary>
    public static async Task<(ReadOnlyMemory<byte>? Bytes, ProblemHttpResult? Problem)> ReadJsonBytesAsync(
        HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentType is not null && !request.HasJsonContentType())
        {
            return (null, Problems.UnsupportedMediaType(request.ContentType));
        }

        var (bytes, problem) = await ReadBytesAsync(request, maxBytes, cancellationToken);
        if (bytes is null)
        {
            return (null, problem);
        }

        // RFC 8259 lets a parser ignore a byte order mark; some clients still send one.
        var body = bytes.AsMemory();
        return (body.Span.StartsWith("\uFEFF"u8) ? body[3..] : body, null);
    }

    /// <summary>
    /// Parses one JSON document (a body, or one batch item); on failure names the field (prefixed with <paramref name="prefix"/>).
    /// <paramref name="fastReader"/>, when given, reads the document first; when it returns null, System.Text.Json decides.
    /// </summary>
    public static (T? Value, string? Field, string? Message) Parse<T>(
        ReadOnlySpan<byte> utf8Json, JsonTypeInfo<T> typeInfo, string prefix = "", FastReader<T>? fastReader = null)
        where T : class
    {
        var root = prefix.Length == 0 ? "$" : prefix;
        if (utf8Json.IsEmpty)
        {
            return (null, root, "a JSON body is required");
        }

        // The parser lets invalid UTF-8 through inside strings; JsonElement values (context) are read later, so refuse it here.
        if (!Utf8.IsValid(utf8Json))
        {
            return JsonText.TryFindNotText(utf8Json, out var path, out var reason)
                ? (null, JsonErrors.FieldFromPath(path, prefix), reason)
                : (null, root, JsonText.NotUtf8Message);
        }

        if (fastReader?.Invoke(utf8Json) is { } fast)
        {
            return (fast, null, null);
        }

        try
        {
            var value = JsonSerializer.Deserialize(utf8Json, typeInfo);
            return value is null ? (null, root, "must be a JSON object") : (value, null, null);
        }
        catch (JsonException ex)
        {
            var (field, message) = JsonErrors.Describe(ex, utf8Json, prefix);
            return (null, field, message);
        }
    }

    /// <summary>Reads the whole body, refusing more than <paramref name="maxBytes"/> (413) and unreadable bodies (400).</summary>
    public static async Task<(byte[]? Bytes, ProblemHttpResult? Problem)> ReadBytesAsync(
        HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.TooLarge(maxBytes));
        }

        try
        {
            return request.ContentLength is { } declared
                ? (await ReadDeclaredAsync(request.Body, (int)declared, cancellationToken), null)
                : await ReadChunkedAsync(request.Body, maxBytes, cancellationToken);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own checks: truncated body, bad chunking, its own size limit.
            return (null, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? Problems.TooLarge(maxBytes)
                : Problems.Validation("$", "the request body could not be read completely"));
        }
    }

    // The usual case: Kestrel frames the body by Content-Length (a shorter body is a BadHttpRequestException), so it
    // is read into one array of exactly that size: no pooled buffer of the limit's size and no copy out of it.
    private static async Task<byte[]> ReadDeclaredAsync(Stream body, int length, CancellationToken cancellationToken)
    {
        var bytes = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            var read = await body.ReadAsync(bytes.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return bytes.AsSpan(0, filled).ToArray(); // ended early (a server that does not enforce the framing)
            }

            filled += read;
        }

        return bytes;
    }

    // Chunked bodies have no declared length: read into a pooled buffer of the limit plus one byte, then copy.
    private static async Task<(byte[]? Bytes, ProblemHttpResult? Problem)> ReadChunkedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            while (length <= maxBytes)
            {
                var read = await body.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), cancellationToken);
                if (read == 0)
                {
                    return (buffer.AsSpan(0, length).ToArray(), null);
                }

                length += read;
            }

            return (null, Problems.TooLarge(maxBytes));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
