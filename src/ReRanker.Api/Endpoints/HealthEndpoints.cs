using Microsoft.AspNetCore.Http.HttpResults;
using ReRanker.Api.Contracts;
using ReRanker.Api.Infrastructure;
using ReRanker.Registry;

namespace ReRanker.Api.Endpoints;

/// <summary>GET /healthz (alive) and /readyz (first registry scan done).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Health").DisableRateLimiting();

        group.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("alive")))
            .WithName("Healthz")
            .WithSummary("Liveness")
            .WithDescription("200 while the process serves requests.");

        group.MapGet("/readyz", Ready)
            .WithName("Readyz")
            .WithSummary("Readiness")
            .WithDescription("200 once the registry's first full scan has completed, 503 before.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return app;
    }

    internal static Results<Ok<HealthResponse>, ProblemHttpResult> Ready(IWeightRegistry registry) =>
        registry.IsReady ? TypedResults.Ok(new HealthResponse("ready")) : Problems.NotReady();
}
