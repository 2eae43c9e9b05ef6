using Microsoft.AspNetCore.Diagnostics;
using Serilog.Events;

namespace ReRanker.Api.Infrastructure;

/// <summary>
/// What Serilog's request logging writes for each call: method, route template (never the raw path, query or
/// body), status, elapsed time and request id, one line per call. Successful probes and scrapes
/// (<see cref="QuietRequestLog"/>) log at Debug, so a health check every few seconds does not drown the log.
/// </summary>
internal static class RequestLog
{
    public const string MessageTemplate = "HTTP {Method} {Route} responded {StatusCode} in {ElapsedMs:0.0} ms (request {RequestId})";

    /// <summary>The request id is also the X-Request-Id response header.</summary>
    public const string RequestIdHeader = "X-Request-Id";

    /// <summary>The template's properties, replacing Serilog's defaults (whose RequestPath is the raw path).</summary>
    public static IEnumerable<LogEventProperty> Properties(HttpContext context, string rawPath, double elapsedMs, int statusCode) =>
    [
        new("Method", new ScalarValue(context.Request.Method)),
        new("Route", new ScalarValue(RouteTemplate.Of(context))),
        new("StatusCode", new ScalarValue(statusCode)),
        new("ElapsedMs", new ScalarValue(elapsedMs)),
        new("RequestId", new ScalarValue(context.TraceIdentifier)),
    ];

    public static LogEventLevel Level(HttpContext context, double elapsedMs, Exception? exception)
    {
        var status = context.Response.StatusCode;
        if (exception is not null || status >= StatusCodes.Status500InternalServerError)
        {
            return LogEventLevel.Error;
        }

        return status < StatusCodes.Status400BadRequest && context.GetEndpoint()?.Metadata.GetMetadata<QuietRequestLog>() is not null
            ? LogEventLevel.Debug
            : LogEventLevel.Information;
    }

    /// <summary>Sets X-Request-Id on every response, including error responses written after the handler cleared the headers.</summary>
    public static Task AddRequestIdHeader(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[RequestIdHeader] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}

/// <summary>Endpoint metadata: a successful call is logged at Debug (health probes, the metrics scrape).</summary>
internal sealed class QuietRequestLog
{
    public static QuietRequestLog Instance { get; } = new();
}

/// <summary>The one rule for naming a request's route in logs: the matched template, never the raw path.</summary>
internal static class RouteTemplate
{
    /// <summary>
    /// The matched route template, e.g. "/v1/domains/{domain}"; "(unmatched)" for 404s. After an exception the handler
    /// has cleared the endpoint to re-run the pipeline; the original one is kept in its feature.
    /// </summary>
    public static string Of(HttpContext context) =>
        (context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint) is RouteEndpoint { RoutePattern.RawText: { } template }
            ? Normalised(template)
            : "(unmatched)";

    // "/v1/rerank" as it is (no string per request); "v1/x/" and the like as "/v1/x".
    private static string Normalised(string template) =>
        template.Length > 1 && template[0] == '/' && template[^1] != '/' ? template : "/" + template.Trim('/');
}
