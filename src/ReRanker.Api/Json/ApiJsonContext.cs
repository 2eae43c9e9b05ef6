using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using ReRanker.Api.Contracts;

namespace ReRanker.Api.Json;

/// <summary>Source-generated (de)serialisation for every request and response body of the API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RerankRequest))]
[JsonSerializable(typeof(RerankResponse))]
[JsonSerializable(typeof(BatchRerankRequest))]
[JsonSerializable(typeof(BatchRerankResponse))]
[JsonSerializable(typeof(DomainListResponse))]
[JsonSerializable(typeof(DomainSummary))]
[JsonSerializable(typeof(RegistryStatusResponse))]
[JsonSerializable(typeof(PublishResponse))]
[JsonSerializable(typeof(HealthReportResponse))]
[JsonSerializable(typeof(FeedbackRequest))]
[JsonSerializable(typeof(FeedbackResponse))]
[JsonSerializable(typeof(DecisionLogStatusResponse))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;

/// <summary>The strict reader settings: the API controls every way a body can be wrong.</summary>
internal static class ApiJson
{
    /// <summary>Deepest nesting accepted in a request body (a valid rerank request needs 5).</summary>
    public const int MaxDepth = 16;

    public static JsonSerializerOptions ReadOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = ApiJsonContext.Default,
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = MaxDepth,
    };

    public static JsonTypeInfo<RerankRequest> RerankRequest { get; } = TypeInfo<RerankRequest>();

    public static JsonTypeInfo<FeedbackRequest> FeedbackRequest { get; } = TypeInfo<FeedbackRequest>();

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)ReadOptions.GetTypeInfo(typeof(T));
}
