using System.Diagnostics;

namespace ReRanker.Api.Infrastructure;

/// <summary>
/// One log line per call: method, route template (never the raw path or body), status, elapsed time and
/// request id. The request id is also returned in the X-Request-Id response header.
/// </summary>
public sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public const string RequestIdHeader = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(static state =>
        {
            var ctx = (HttpContext)state;
            ctx.Response.Headers[RequestIdHeader] = ctx.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        try
        {
            await next(context);
        }
        finally
        {
            Log.Request(logger, context.Request.Method, RouteOf(context), context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.TraceIdentifier);
        }
    }

    /// <summary>The matched route template, e.g. "/v1/domains/{domain}"; "(unmatched)" for 404s.</summary>
    internal static string RouteOf(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } template
            ? "/" + template.Trim('/')
            : "(unmatched)";
}
