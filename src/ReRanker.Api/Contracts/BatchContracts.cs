using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace ReRanker.Api.Contracts;

/// <summary>Many re-rank requests in one call. Each item is parsed and validated on its own.</summary>
public sealed class BatchRerankRequest
{
    /// <summary>The requests, each in the POST /v1/rerank format.</summary>
    public List<JsonElement>? Requests { get; init; }
}

/// <summary>One outcome per request, in request order.</summary>
public sealed record BatchRerankResponse(IReadOnlyList<BatchItemResult> Results);

/// <summary>Either <c>response</c> (status 200) or <c>error</c> (status 400, fields named relative to the item).</summary>
public sealed record BatchItemResult(
    int Index,
    int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RerankResponse? Response,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] HttpValidationProblemDetails? Error);
