using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ReRanker.Api.Contracts;
using ReRanker.Api.DecisionLog;
using ReRanker.Api.Infrastructure;
using ReRanker.Api.Json;
using ReRanker.Api.Settings;
using ReRanker.Registry;
using ReRanker.Api.Scoring;
using ReRanker.Api.Validation;
using ReRanker.Core.Scoring;

namespace ReRanker.Api.Endpoints;

/// <summary>POST /v1/rerank and /v1/rerank/batch.</summary>
public static class RerankEndpoints
{
    public static IEndpointRouteBuilder MapRerankEndpoints(this IEndpointRouteBuilder app)
    {
        // Full templates under "/v1" (not "" under "/v1/rerank", which reads "/v1/rerank/" in the metrics' http_route).
        var group = app.MapGroup("/v1").WithTags("Rerank");

        group.MapPost("/rerank", RerankAsync)
            .WithName("Rerank")
            .WithSummary("Re-rank one n-best list")
            .WithDescription(
                "Scores every hypothesis with its domain's served weights (one registry snapshot for the whole request) " +
                "and returns them best first. Hypotheses of a domain without weights are scored by the product of their " +
                "three confidences (scoredBy \"unweighted\", weightsVersion null) or, under the Reject policy, left out and " +
                "listed by input index in `rejected`. `explain: true` adds each feature's contribution. " +
                "The example is the corpus test-split utterance slurp-3088, \"turn on a song\": the music and play domains both claim it; " +
                "raw confidences pick music/music_likeness, the built-in registry's weights pick play/play_music (the annotated answer).")
            .Accepts<RerankRequest>("application/json")
            .WithRequestErrors();

        group.MapPost("/rerank/batch", BatchAsync)
            .WithName("RerankBatch")
            .WithSummary("Re-rank many n-best lists in one call")
            .WithDescription(
                "For offline scoring. `requests` holds requests in the POST /v1/rerank format; each item succeeds (status 200, " +
                "`response`) or fails (status 400, `error` with fields named from the batch root, e.g. " +
                "`requests[2].hypotheses[0].domainScore`) on its own, whatever is wrong inside it; only a body that is not one JSON document " +
                "fails the whole batch. The whole batch uses one registry snapshot.")
            .Accepts<BatchRerankRequest>("application/json")
            .WithRequestErrors();

        return app;
    }

    internal static async Task<Results<RankingResult, ProblemHttpResult>> RerankAsync(
        HttpRequest request, IWeightRegistry registry, IOptionsMonitor<RerankingOptions> options, IOptions<JsonOptions> json,
        ApiMetrics metrics, DecisionRecorder decisions, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var (body, problem) = await RequestBody.ReadRerankAsync(request, settings.Limits.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var (validated, errors) = new RerankRequestValidator(settings.Limits).Validate(body);
        if (validated is null)
        {
            return Problems.Validation(errors!);
        }

        var snapshot = registry.Current;
        var ranking = RerankScorer.Rank(validated, snapshot, settings.UnweightedDomainPolicy);
        metrics.Record(ranking);
        decisions.Record(validated, ranking, settings.UnweightedDomainPolicy);
        return new RankingResult(ranking, RankingResult.WriterOptionsFor(json.Value.SerializerOptions));
    }

    internal static async Task<Results<Ok<BatchRerankResponse>, ProblemHttpResult>> BatchAsync(
        HttpRequest request, IWeightRegistry registry, IOptionsMonitor<RerankingOptions> options, ApiMetrics metrics, DecisionRecorder decisions,
        CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var limits = settings.Limits;
        var (bytes, problem) = await RequestBody.ReadJsonBytesAsync(request, limits.MaxBodyBytes, cancellationToken);
        if (bytes is null)
        {
            return problem!;
        }

        var (items, envelopeField, envelopeMessage) = BatchEnvelope.Read(bytes.Value);
        if (items is null)
        {
            return Problems.Validation(envelopeField!, envelopeMessage!);
        }

        if (items.Count == 0 || items.Count > limits.MaxBatchItems)
        {
            return Problems.Validation("requests", $"must hold between 1 and {limits.MaxBatchItems} requests; it has {items.Count}");
        }

        var snapshot = registry.Current;
        var validator = new RerankRequestValidator(limits);
        var results = new BatchItemResult[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var prefix = $"requests[{i}]";
            var (item, field, message) = RequestBody.ParseRerank(items[i].Span, prefix);
            var (validated, errors) = item is null
                ? (null, new Dictionary<string, string[]> { [field!] = [message!] })
                : validator.Validate(item, prefix);
            results[i] = validated is null
                ? new BatchItemResult(i, StatusCodes.Status400BadRequest, null, Problems.ValidationDetails(errors!))
                : new BatchItemResult(i, StatusCodes.Status200OK, ScoreAndCount(validated, snapshot, settings.UnweightedDomainPolicy, metrics, decisions), null);
        }

        return TypedResults.Ok(new BatchRerankResponse(results));
    }

    private static RerankResponse ScoreAndCount(ValidatedRerank request, WeightSet snapshot, UnweightedDomainPolicy policy, ApiMetrics metrics, DecisionRecorder decisions)
    {
        var ranking = RerankScorer.Rank(request, snapshot, policy);
        metrics.Record(ranking);
        decisions.Record(request, ranking, policy);
        return RerankScorer.ToResponse(ranking);
    }
}
