using Microsoft.AspNetCore.Http.HttpResults;
using ReRanker.Api.Contracts;
using ReRanker.Api.Infrastructure;
using ReRanker.Api.Json;
using ReRanker.Registry;
using ReRanker.Core.Model;
using ReRanker.Core.Weights;

namespace ReRanker.Api.Endpoints;

/// <summary>Admin endpoints behind X-Api-Key: weight upload and registry reload. Off (404) without a configured key.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Admin")
            .AddEndpointFilter<ApiKeyFilter>()
            .WithMetadata(new RequiresApiKeyMetadata());

        group.MapPut("/domains/{domain}/weights", UploadWeightsAsync)
            .WithName("UploadWeights")
            .WithSummary("Upload a weight file as the domain's next version (admin)")
            .WithDescription(
                "Body: a weight file, format v1 (docs/weights-format.md), at most 1 MiB. It is validated, written atomically into the " +
                "local registry as the next version and served from the next request: 201 with the version only once it is served. " +
                "422 with every reason (by field) when invalid; 409 when the registry will not take it (read-only, not local, the " +
                "domain pinned, no version number left); 507 when its storage is full; 503 when it cannot store or serve it right " +
                "now. Whatever the refusal, nothing is stored. Needs X-Api-Key; 404 when no admin key is configured.")
            .Accepts<object>("application/json")
            .Produces<PublishResponse>(StatusCodes.Status201Created)
            .Produces<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .Produces<HttpValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")
            .Produces<HttpValidationProblemDetails>(StatusCodes.Status507InsufficientStorage, "application/problem+json")
            .Produces<HttpValidationProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")
            .WithCommonErrors();

        group.MapPost("/registry/reload", ReloadAsync)
            .WithName("ReloadRegistry")
            .WithSummary("Force a registry rescan (admin)")
            .WithDescription("Rescans the registry source now and returns the status after it. Needs X-Api-Key; 404 when no admin key is configured.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithCommonErrors();

        return app.MapCandidateEndpoints();
    }

    internal static async Task<Results<Created<PublishResponse>, ProblemHttpResult>> UploadWeightsAsync(
        string domain, HttpRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!DomainName.IsValid(domain))
        {
            return Problems.Validation("domain", $"must match {DomainName.Pattern}");
        }

        if (services.GetService<IWeightPublisher>() is not { } publisher)
        {
            return Problems.ReadOnlyRegistry();
        }

        if (request.ContentType is not null && !request.HasJsonContentType())
        {
            return Problems.UnsupportedMediaType(request.ContentType);
        }

        var (bytes, problem) = await RequestBody.ReadBytesAsync(request, WeightFile.MaxBytes, cancellationToken);
        if (bytes is null)
        {
            return problem!;
        }

        // The registry's publisher is the one judge of an upload: validity, numbering, storage.
        var published = await publisher.PublishAsync(domain, bytes, cancellationToken);
        if (!published.Succeeded)
        {
            return Problems.PublishRefused(published.Failure, ByField(published.Errors));
        }

        return TypedResults.Created($"/v1/domains/{domain}", new PublishResponse(domain, published.Version!.Value));
    }

    internal static async Task<Ok<RegistryStatusResponse>> ReloadAsync(IWeightRegistry registry, TimeProvider clock, CancellationToken cancellationToken)
    {
        var status = await registry.ReloadAsync(cancellationToken);
        return TypedResults.Ok(RegistryEndpoints.ToResponse(status, registry.IsReady, clock.GetUtcNow()));
    }

    internal static Dictionary<string, string[]> ByField(IReadOnlyList<WeightFileError> errors) =>
        errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
}
