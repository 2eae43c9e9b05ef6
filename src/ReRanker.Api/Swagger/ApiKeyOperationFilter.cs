using Microsoft.OpenApi;
using ReRanker.Api.Infrastructure;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReRanker.Api.Swagger;

/// <summary>Marks admin operations as needing the X-Api-Key scheme, so Swagger UI's Authorize button applies to them.</summary>
public sealed class ApiKeyOperationFilter : IOperationFilter
{
    public const string SchemeName = "ApiKey";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequiresApiKeyMetadata>().Any())
        {
            return;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [],
        });
    }
}
