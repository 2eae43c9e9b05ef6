using Microsoft.AspNetCore.Http.HttpResults;
using ReRanker.Api.Contracts;
using ReRanker.Api.Infrastructure;
using ReRanker.Registry;

namespace ReRanker.Api.Endpoints;

/// <summary>GET /v1/registry/status.</summary>
public static class RegistryEndpoints
{
    public static IEndpointRouteBuilder MapRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/registry").WithTags("Registry")
            .MapGet("/status", GetStatus)
            .WithName("GetRegistryStatus")
            .WithSummary("The registry's status")
            .WithDescription("Source, reachability, circuit state (HTTP source), readiness, last scans, staleness and, per domain, the served and available versions and the last rejection.")
            .WithCommonErrors();
        return app;
    }

    internal static Ok<RegistryStatusResponse> GetStatus(IWeightRegistry registry, TimeProvider clock) =>
        TypedResults.Ok(ToResponse(registry.GetStatus(), registry.IsReady, clock.GetUtcNow()));

    internal static RegistryStatusResponse ToResponse(RegistryStatus status, bool ready, DateTimeOffset now) => new(
        status.Source,
        status.SourceReachable,
        ready,
        status.LastFullScanAt,
        status.LastSuccessfulScanAt,
        status.StalenessAt(now)?.TotalSeconds,
        status.Domains)
    {
        CircuitState = status.CircuitState,
        SourceError = status.SourceError,
    };
}
