using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReRanker.Api.Swagger;

/// <summary>
/// Puts the ready example (Swagger/rerank-example.json: a corpus test-split utterance on which the NLU
/// domains disagree and re-ranking changes the winner) into POST /v1/rerank, so "Try it out" works at once.
/// </summary>
public sealed class RerankExampleOperationFilter : IOperationFilter
{
    public const string ResourceName = "ReRanker.Api.Swagger.rerank-example.json";

    private static readonly Lazy<string> ExampleJson = new(() => LoadResource(ResourceName));

    /// <summary>The example request body, as stored in the resource.</summary>
    public static string Example => ExampleJson.Value;

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.OperationId != "Rerank" || operation.RequestBody?.Content is not { } content)
        {
            return;
        }

        if (content.TryGetValue("application/json", out var media))
        {
            media.Example = JsonNode.Parse(Example);
        }
    }

    /// <summary>An embedded example resource of this assembly, as text.</summary>
    internal static string LoadResource(string name)
    {
        using var stream = typeof(RerankExampleOperationFilter).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
