using Microsoft.OpenApi;
using ReRanker.Api.Infrastructure;
using ReRanker.Api.Swagger;

namespace ReRanker.Api.Hosting;

/// <summary>OpenAPI document at /swagger/v1/swagger.json and Swagger UI at /swagger.</summary>
public static class SwaggerExtensions
{
    public const string DocumentPath = "/swagger/v1/swagger.json";

    public const string UiPath = "/swagger";

    public static WebApplicationBuilder AddReRankerSwagger(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "ReRanker API",
                Version = "v1",
                Description =
                    "Re-ranks NLU hypotheses from independently built domains with weights learned per domain. " +
                    "Every client error is application/problem+json (RFC 9457) naming the offending field. " +
                    "Limits and configuration: docs/api.md.",
            });
            swagger.AddSecurityDefinition(ApiKeyOperationFilter.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyFilter.HeaderName,
                Description = "Admin API key (configuration Admin:ApiKey). Admin endpoints answer 404 when no key is configured.",
            });
            swagger.OperationFilter<ApiKeyOperationFilter>();
            swagger.OperationFilter<RerankExampleOperationFilter>();
            swagger.OperationFilter<FeedbackExampleOperationFilter>();
            var xml = Path.Combine(AppContext.BaseDirectory, "ReRanker.Api.xml");
            if (File.Exists(xml))
            {
                swagger.IncludeXmlComments(xml);
            }
        });
        return builder;
    }

    public static WebApplication UseReRankerSwagger(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Only requests under /swagger pass through Swagger's two middlewares (each resolves services and matches
        // its template per request); every other request skips them.
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(UiPath, StringComparison.OrdinalIgnoreCase),
            swagger => swagger
                .UseSwagger()
                .UseSwaggerUI(ui =>
                {
                    ui.SwaggerEndpoint(DocumentPath, "ReRanker API v1");
                    ui.RoutePrefix = UiPath.TrimStart('/');
                    ui.DocumentTitle = "ReRanker API";
                }));
        return app;
    }
}
