using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using ReRanker.Api.Contracts;

namespace ReRanker.Api.Scoring;

/// <summary>
/// 200 with a <see cref="Ranking"/> written by <see cref="RankingJsonWriter"/> straight into the response body.
/// The same status, content type, bytes and OpenAPI metadata as <c>TypedResults.Ok(RerankResponse)</c>, without
/// building the response objects or going through System.Text.Json's metadata-driven (slow) path.
/// </summary>
public sealed class RankingResult(Ranking ranking, JsonWriterOptions writerOptions)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public Ranking Ranking { get; } = ranking;

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => JsonContentType;

    /// <summary>The writer settings System.Text.Json derives from <paramref name="options"/> (encoder, indentation), without validation.</summary>
    public static JsonWriterOptions WriterOptionsFor(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new JsonWriterOptions
        {
            Encoder = options.Encoder,
            Indented = options.WriteIndented,
            IndentCharacter = options.IndentCharacter,
            IndentSize = options.IndentSize,
            NewLine = options.NewLine,
            MaxDepth = options.MaxDepth,
            SkipValidation = true,
        };
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JsonContentType;
        var body = response.BodyWriter;
        using (var writer = new Utf8JsonWriter(body, writerOptions))
        {
            RankingJsonWriter.Write(writer, Ranking);
        }

        try
        {
            await body.FlushAsync(httpContext.RequestAborted);
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; as with WriteAsJsonAsync, nothing to report.
        }
    }

    /// <summary>Describes the response as Ok&lt;RerankResponse&gt; does, so the OpenAPI document is unchanged.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(RerankResponse), ["application/json"]));
    }
}
