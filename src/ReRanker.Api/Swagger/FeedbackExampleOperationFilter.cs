using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReRanker.Api.Swagger;

/// <summary>Puts named examples (Swagger/feedback-examples.json: accepted, barge-in, corrected) into POST /v1/feedback.</summary>
public sealed class FeedbackExampleOperationFilter : IOperationFilter
{
    public const string ResourceName = "ReRanker.Api.Swagger.feedback-examples.json";

    private static readonly Lazy<string> ExamplesJson = new(() => RerankExampleOperationFilter.LoadResource(ResourceName));

    /// <summary>The examples as stored in the resource: name → {summary, value}.</summary>
    public static string Examples => ExamplesJson.Value;

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.OperationId != "Feedback" || operation.RequestBody?.Content is not { } content
            || !content.TryGetValue("application/json", out var media) || media is not OpenApiMediaType editable)
        {
            return;
        }

        editable.Examples = new Dictionary<string, IOpenApiExample>(StringComparer.Ordinal);
        foreach (var (name, example) in JsonNode.Parse(Examples)!.AsObject())
        {
            editable.Examples[name] = new OpenApiExample { Summary = example!["summary"]!.GetValue<string>(), Value = example["value"]!.DeepClone() };
        }
    }
}
