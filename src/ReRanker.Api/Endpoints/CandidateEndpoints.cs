using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ReRanker.Api.Contracts;
using ReRanker.Api.Infrastructure;
using ReRanker.Api.Json;
using ReRanker.Core.Model;
using ReRanker.Core.Weights;
using ReRanker.Registry;

namespace ReRanker.Api.Endpoints;

/// <summary>
/// Admin endpoints of a domain's candidate (docs/registry.md, "Candidates"): set, upload, clear, promote. Behind
/// X-Api-Key like the upload; every write goes through the registry's publisher.
/// </summary>
public static class CandidateEndpoints
{
    private const int MaxBodyBytes = 4096;

    public static IEndpointRouteBuilder MapCandidateEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/domains/{domain}/candidate").WithTags("Admin")
            .AddEndpointFilter<ApiKeyFilter>()
            .WithMetadata(new RequiresApiKeyMetadata());

        group.MapPut("", SetAsync)
            .WithName("SetCandidate")
            .WithSummary("Name an existing version as the domain's candidate (admin)")
            .WithDescription(
                "Body `{\"version\": 7}`: a valid version of the domain other than the served one. CANDIDATE is written; from the next " +
                "request every ranking that involves the domain is also ranked with it (never served). 400 when `version` is missing or " +
                "not a version number, 404 for an unknown domain or version, 409 when it is the served version.")
            .Accepts<CandidateRequest>("application/json")
            .Produces<PublishResponse>()
            .WithAdminErrors();

        group.MapPut("/weights", UploadAsync)
            .WithName("UploadCandidate")
            .WithSummary("Upload a weight file as the domain's candidate (admin)")
            .WithDescription(
                "Body: a weight file, as for PUT /v1/domains/{domain}/weights. It is stored as the next version with CANDIDATE naming it " +
                "(written first, so it is never served) and answered 201 once it is loaded as the candidate. Refusals as for the upload.")
            .Accepts<object>("application/json")
            .Produces<PublishResponse>(StatusCodes.Status201Created)
            .Produces<HttpValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")
            .WithAdminErrors();

        group.MapDelete("", ClearAsync)
            .WithName("ClearCandidate")
            .WithSummary("Remove the domain's candidate (admin)")
            .WithDescription("Removes CANDIDATE: shadow ranking stops. 204 also when there was none; 404 for an unknown domain.")
            .Produces(StatusCodes.Status204NoContent)
            .WithAdminErrors();

        group.MapPost("/promote", PromoteAsync)
            .WithName("PromoteCandidate")
            .WithSummary("Serve the domain's candidate (admin)")
            .WithDescription(
                "Publishes the candidate's weights as the domain's next version through the upload's path (served once this answers) " +
                "and removes CANDIDATE. 409 when there is no candidate or the domain is pinned (remove PINNED first).")
            .Produces<PublishResponse>()
            .WithAdminErrors();

        return app;
    }

    internal static async Task<Results<Ok<PublishResponse>, ProblemHttpResult>> SetAsync(
        string domain, HttpRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (Refuse(domain, services, out var publisher) is { } refused)
        {
            return refused;
        }

        var (bytes, problem) = await RequestBody.ReadJsonBytesAsync(request, MaxBodyBytes, cancellationToken);
        if (bytes is null)
        {
            return problem!;
        }

        var (version, field, message) = ReadVersion(bytes.Value);
        if (version is null)
        {
            return Problems.Validation(field!, message!);
        }

        var result = await publisher!.SetCandidateAsync(domain, version, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(new PublishResponse(domain, version.Value))
            : Problems.PublishRefused(result.Failure, AdminEndpoints.ByField(result.Errors));
    }

    internal static async Task<Results<Created<PublishResponse>, ProblemHttpResult>> UploadAsync(
        string domain, HttpRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (Refuse(domain, services, out var publisher) is { } refused)
        {
            return refused;
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

        var result = await publisher!.PublishCandidateAsync(domain, bytes, cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/v1/domains/{domain}", new PublishResponse(domain, result.Version!.Value))
            : Problems.PublishRefused(result.Failure, AdminEndpoints.ByField(result.Errors));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> ClearAsync(string domain, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (Refuse(domain, services, out var publisher) is { } refused)
        {
            return refused;
        }

        var result = await publisher!.SetCandidateAsync(domain, null, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : Problems.PublishRefused(result.Failure, AdminEndpoints.ByField(result.Errors));
    }

    internal static async Task<Results<Ok<PublishResponse>, ProblemHttpResult>> PromoteAsync(string domain, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (Refuse(domain, services, out var publisher) is { } refused)
        {
            return refused;
        }

        var result = await publisher!.PromoteAsync(domain, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(new PublishResponse(domain, result.Version!.Value))
            : Problems.PublishRefused(result.Failure, AdminEndpoints.ByField(result.Errors));
    }

    /// <summary>The body's <c>version</c>: a JSON number that is a version number, or the field and why not.</summary>
    internal static (int? Version, string? Field, string? Message) ReadVersion(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "$", "must be a JSON object with a version");
            }

            if (!root.TryGetProperty("version", out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return (null, "version", "is required");
            }

            if (element.ValueKind != JsonValueKind.Number)
            {
                return (null, "version", "must be a number");
            }

            return element.TryGetInt64(out var version) && RegistryLayout.IsVersion(version)
                ? ((int)version, null, null)
                : (null, "version", $"must be a version number ({RegistryLayout.VersionRule})");
        }
        catch (JsonException)
        {
            return (null, "$", "is not valid JSON");
        }
    }

    private static ProblemHttpResult? Refuse(string domain, IServiceProvider services, out IWeightPublisher? publisher)
    {
        publisher = services.GetService<IWeightPublisher>();
        if (!DomainName.IsValid(domain))
        {
            return Problems.Validation("domain", $"must match {DomainName.Pattern}");
        }

        return publisher is null ? Problems.ReadOnlyRegistry() : null;
    }

    private static RouteHandlerBuilder WithAdminErrors(this RouteHandlerBuilder builder) => builder
        .Produces<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .Produces<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")
        .Produces<HttpValidationProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")
        .Produces<HttpValidationProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")
        .WithCommonErrors();
}
