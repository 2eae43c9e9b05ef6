using Microsoft.AspNetCore.Http.HttpResults;
using ReRanker.Core.Text;
using ReRanker.Registry;

namespace ReRanker.Api.Infrastructure;

/// <summary>Every client error of the API as RFC 9457 problem details, with the offending field named.</summary>
internal static class Problems
{
    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(ValidationDetails(errors));

    public static HttpValidationProblemDetails ValidationDetails(IDictionary<string, string[]> errors) => new(errors)
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "The request is invalid.",
        Detail = "See 'errors': each key is the JSON path of an offending field.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
    };

    /// <summary>A refused upload: the status names what refused it (the file, the registry, its storage); nothing was stored.</summary>
    public static ProblemHttpResult PublishRefused(PublishFailure failure, IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = failure switch
            {
                PublishFailure.Conflict => StatusCodes.Status409Conflict,
                PublishFailure.NotFound => StatusCodes.Status404NotFound,
                PublishFailure.InsufficientStorage => StatusCodes.Status507InsufficientStorage,
                PublishFailure.Unavailable => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status422UnprocessableEntity,
            },
            Title = failure switch
            {
                PublishFailure.Conflict => "The registry cannot take this upload.",
                PublishFailure.NotFound => "The domain or version does not exist.",
                PublishFailure.InsufficientStorage => "The registry's storage is full.",
                PublishFailure.Unavailable => "The registry cannot store or serve the upload right now.",
                _ => "The weight file is invalid.",
            },
            Detail = "See 'errors': each key names what refused the upload (a field of the weight file, or 'source' for the registry's storage). Nothing was stored.",
            Type = failure switch
            {
                PublishFailure.Conflict => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
                PublishFailure.NotFound => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
                PublishFailure.InsufficientStorage => "https://tools.ietf.org/html/rfc4918#section-11.5",
                PublishFailure.Unavailable => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                _ => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
            },
        });

    public static ProblemHttpResult TooLarge(int maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The request body is too large.",
        detail: $"The limit is {maxBytes} bytes.",
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.14");

    public static ProblemHttpResult UnsupportedMediaType(string contentType) => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        title: "The request body must be JSON.",
        detail: $"Content-Type '{JsonText.Printable(contentType)}' is not application/json.",
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.16");

    public static ProblemHttpResult DomainNotFound(string domain) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Unknown domain.",
        detail: $"The registry has no domain '{domain}'.",
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.5");

    public static ProblemHttpResult AdminDisabled() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Not found.",
        detail: "Admin endpoints are off: no Admin:ApiKey is configured.",
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.5");

    public static ProblemHttpResult Unauthorized() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "A valid API key is required.",
        detail: "Send the admin API key in the X-Api-Key header.",
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.2");

    public static ProblemHttpResult ReadOnlyRegistry() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "The registry source is read-only.",
        detail: "Uploads need a local registry folder (Registry:Path).",
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.10");
}
