using Microsoft.AspNetCore.Http.HttpResults;
using ReRanker.Core.Text;

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

    public static ProblemHttpResult InvalidWeightFile(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The weight file is invalid.",
            Detail = "See 'errors': each key is the field of the weight file that is wrong. Nothing was stored.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
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
