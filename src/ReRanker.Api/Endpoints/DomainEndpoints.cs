using Microsoft.AspNetCore.Http.HttpResults;
using ReRanker.Api.Contracts;
using ReRanker.Api.Infrastructure;
using ReRanker.Api.Rollback;
using ReRanker.Api.Shadow;
using ReRanker.Registry;
using ReRanker.Core.Model;

namespace ReRanker.Api.Endpoints;

/// <summary>GET /v1/domains and /v1/domains/{domain}: what is served, with training metadata and metrics.</summary>
public static class DomainEndpoints
{
    public static IEndpointRouteBuilder MapDomainEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/domains").WithTags("Domains");

        group.MapGet("", ListDomains)
            .WithName("ListDomains")
            .WithSummary("List every domain")
            .WithDescription("Each domain the registry knows, served or not: served version, sha256, training metadata and held-out metrics of the served weight file.")
            .WithCommonErrors();

        group.MapGet("/{domain}", GetDomain)
            .WithName("GetDomain")
            .WithSummary("One domain, with its feature weights")
            .WithDescription(
                "As in the list, plus the served file's feature weights. `candidate` (when CANDIDATE names one) shows the candidate and its " +
                "shadow figures: rankings also ranked with it, top-1 changes, and the mean absolute change of the served top-1 hypothesis's " +
                "probability. `rollback` (when the rollback watcher is on) shows the defect shares it compares and its last rollback. " +
                "404 when the registry does not know the domain.")
            .Produces<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithCommonErrors();

        return app;
    }

    internal static Ok<DomainListResponse> ListDomains(IWeightRegistry registry, ShadowFigures shadows, RollbackWatcher rollback)
    {
        var snapshot = registry.Current;
        return TypedResults.Ok(new DomainListResponse(DomainViews.All(registry.GetStatus(), snapshot, shadows, rollback)));
    }

    internal static Results<Ok<DomainSummary>, ProblemHttpResult> GetDomain(string domain, IWeightRegistry registry, ShadowFigures shadows, RollbackWatcher rollback)
    {
        if (!DomainName.IsValid(domain))
        {
            return Problems.Validation("domain", $"must match {DomainName.Pattern}");
        }

        var snapshot = registry.Current;
        return DomainViews.One(domain, registry.GetStatus(), snapshot, shadows, rollback) is { } summary
            ? TypedResults.Ok(summary)
            : Problems.DomainNotFound(domain);
    }
}
