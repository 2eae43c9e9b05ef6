namespace ReRanker.Api.Infrastructure;

/// <summary>
/// The API's own log lines, source-generated with named properties (the per-request line is Serilog's request
/// logging, <see cref="RequestLog"/>). None carries request content or the API key.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} on {Method} {Route} (request {RequestId}); answered 500")]
    public static partial void Unhandled(ILogger logger, Exception exception, string exceptionType, string method, string route, string requestId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Client error {StatusCode} from the server's request parser on {Method} {Route} (request {RequestId})")]
    public static partial void BadRequest(ILogger logger, int statusCode, string method, string route, string requestId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Client went away during {Method} {Route} (request {RequestId})")]
    public static partial void ClientAborted(ILogger logger, string method, string route, string requestId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "ReRanker API listening on {Address}; Swagger UI at {SwaggerUrl}; metrics at {MetricsUrl}")]
    public static partial void Listening(ILogger logger, string address, string swaggerUrl, string metricsUrl);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Admin endpoints are {AdminState}; unweighted-domain policy {Policy}; rate limit {RateLimit}")]
    public static partial void Configuration(ILogger logger, string adminState, string policy, string rateLimit);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "ReRanker API stopping; finishing in-flight requests")]
    public static partial void Stopping(ILogger logger);
}
