using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReRanker.Api.Contracts;
using ReRanker.Api.Infrastructure;

namespace ReRanker.Api.Endpoints;

/// <summary>
/// GET /healthz (liveness) and /readyz (readiness), each the report of ASP.NET Core health checks chosen by tag.
/// Mapped as route handlers rather than with MapHealthChecks so they keep their OpenAPI description.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Checks with this tag decide readiness (the registry's first scan).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Checks with this tag decide liveness; none today, so a serving process is alive.</summary>
    public const string LiveTag = "live";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Health").DisableRateLimiting().WithMetadata(QuietRequestLog.Instance);

        group.MapGet("/healthz", (HealthCheckService health, HttpResponse response, CancellationToken cancellationToken) =>
                ReportAsync(health, LiveTag, response, cancellationToken))
            .WithName("Healthz")
            .WithSummary("Liveness")
            .WithDescription("200 while the process serves requests; the body lists the liveness checks (none today).")
            .Produces<HealthReportResponse>(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/readyz", (HealthCheckService health, HttpResponse response, CancellationToken cancellationToken) =>
                ReportAsync(health, ReadyTag, response, cancellationToken))
            .WithName("Readyz")
            .WithSummary("Readiness")
            .WithDescription("200 once every readiness check passes (the registry's first full scan has completed), 503 before; the body reports each check.")
            .Produces<HealthReportResponse>(StatusCodes.Status503ServiceUnavailable);

        return app;
    }

    internal static async Task<Results<Ok<HealthReportResponse>, JsonHttpResult<HealthReportResponse>>> ReportAsync(
        HealthCheckService health, string tag, HttpResponse response, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(tag), cancellationToken);
        var body = new HealthReportResponse(
            report.Status.ToString(),
            report.Entries.Select(e => new HealthCheckEntry(e.Key, e.Value.Status.ToString(), e.Value.Description, e.Value.Duration.TotalMilliseconds)).ToList());
        // As MapHealthChecks does: a probe must never see a cached answer.
        response.Headers.CacheControl = "no-store, no-cache";
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(body);
    }
}
