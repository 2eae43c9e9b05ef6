using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ReRanker.Api.Contracts;
using ReRanker.Api.DecisionLog;
using ReRanker.Api.Infrastructure;
using ReRanker.Api.Json;
using ReRanker.Api.Settings;
using ReRanker.Api.Validation;
using ReRanker.Core.DecisionLog;

namespace ReRanker.Api.Endpoints;

/// <summary>POST /v1/feedback: how a user reacted to a decision, joined to it later by request id (docs/api.md).</summary>
public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/feedback").WithTags("Feedback")
            .MapPost("", FeedbackAsync)
            .WithName("Feedback")
            .WithSummary("Report how a user reacted to a decision")
            .WithDescription(
                "`outcome` is accepted (the user went on), rephrased, barge-in (interrupted the answer), abandoned, or corrected " +
                "with `correction` (the right domain, intent and slots; required with corrected, refused otherwise). " +
                "Answers 202: the feedback is queued for the decision log (`logged` false when the log is off or full). " +
                "A requestId this replica never served is accepted: the decision may live on another replica. " +
                "Correction slot values are stored only as keyed hashes (docs/privacy.md).")
            .Accepts<FeedbackRequest>("application/json")
            .Produces<FeedbackResponse>(StatusCodes.Status202Accepted)
            .WithRequestErrors();
        return app;
    }

    internal static async Task<Results<Accepted<FeedbackResponse>, ProblemHttpResult>> FeedbackAsync(
        HttpRequest request, DecisionRecorder decisions, IOptionsMonitor<RerankingOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.CurrentValue.Limits;
        var (body, problem) = await RequestBody.ReadJsonAsync(request, ApiJson.FeedbackRequest, limits.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var (feedback, errors) = new FeedbackRequestValidator(limits).Validate(body);
        if (feedback is null)
        {
            return Problems.Validation(errors!);
        }

        var logged = decisions.RecordFeedback(feedback.RequestId, feedback.Outcome, feedback.Correction);
        return TypedResults.Accepted((string?)null, new FeedbackResponse(feedback.RequestId, FeedbackOutcomes.Name(feedback.Outcome), logged));
    }
}
