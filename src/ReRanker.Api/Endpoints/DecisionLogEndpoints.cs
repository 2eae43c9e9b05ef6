using Microsoft.AspNetCore.Http.HttpResults;
using ReRanker.Api.Contracts;
using ReRanker.Api.DecisionLog;
using ReRanker.Api.Infrastructure;

namespace ReRanker.Api.Endpoints;

/// <summary>GET /v1/decision-log/status.</summary>
public static class DecisionLogEndpoints
{
    public static IEndpointRouteBuilder MapDecisionLogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/decision-log").WithTags("Decision log")
            .MapGet("/status", GetStatus)
            .WithName("GetDecisionLogStatus")
            .WithSummary("The decision log's state and counters")
            .WithDescription("Whether decisions and feedback are being logged, the active segment, the last sync to disk, the queue, and records written or dropped by reason (docs/privacy.md).")
            .WithCommonErrors();
        return app;
    }

    internal static Ok<DecisionLogStatusResponse> GetStatus(DecisionRecorder recorder, DecisionLogWriter writer)
    {
        var metrics = recorder.Metrics;
        return TypedResults.Ok(new DecisionLogStatusResponse(
            writer.State.ToString().ToLowerInvariant(),
            recorder.Enabled ? writer.Replica : null,
            writer.KeyId,
            writer.ActiveSegment,
            writer.LastSyncAt,
            recorder.QueueLength,
            recorder.Options.QueueCapacity,
            metrics.Written,
            metrics.DroppedBy(DropReason.QueueFull),
            metrics.DroppedBy(DropReason.WriteFailed),
            metrics.DroppedBy(DropReason.Unavailable),
            metrics.WriteErrors));
    }
}
