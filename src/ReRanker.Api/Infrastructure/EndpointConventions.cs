namespace ReRanker.Api.Infrastructure;

/// <summary>Response metadata shared by endpoints, so Swagger lists every error a client can get.</summary>
internal static class EndpointConventions
{
    private const string ProblemJson = "application/problem+json";

    /// <summary>The errors of an endpoint that reads a JSON body: 400 (fields named), 413, 415, 429, 500.</summary>
    public static RouteHandlerBuilder WithRequestErrors(this RouteHandlerBuilder builder) => builder
        .Produces<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemJson)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .WithCommonErrors();

    /// <summary>Errors any endpoint can answer: 429 when rate limiting is configured, 500 for a server fault.</summary>
    public static RouteHandlerBuilder WithCommonErrors(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .ProducesProblem(StatusCodes.Status500InternalServerError);
}
