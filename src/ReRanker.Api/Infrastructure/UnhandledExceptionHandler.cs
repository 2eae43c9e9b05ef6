using Microsoft.AspNetCore.Diagnostics;

namespace ReRanker.Api.Infrastructure;

/// <summary>Counts the requests that ended in an unhandled exception (500s): tests prove client input never gets here.</summary>
public sealed class ApiDiagnostics
{
    private long _unhandledExceptions;

    public long UnhandledExceptions => Interlocked.Read(ref _unhandledExceptions);

    internal void RecordUnhandled() => Interlocked.Increment(ref _unhandledExceptions);
}

/// <summary>
/// The last line of defence. A parser error from the server itself (BadHttpRequestException) is the client's
/// fault and keeps its 4xx status; a client that went away is not an error; anything else is a bug in this
/// service: logged, counted and answered with a 500 ProblemDetails that reveals nothing of the exception.
/// Every line names the route template of the endpoint that failed (never the raw path) and carries no request
/// content: the exception is logged as its type and stack trace, without its message (<see cref="RedactedException"/>).
/// </summary>
internal sealed class UnhandledExceptionHandler(
    IProblemDetailsService problemDetails, ApiDiagnostics diagnostics, ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var method = httpContext.Request.Method;
        var route = RouteTemplate.Of(httpContext);
        int status;
        string title;
        if (exception is BadHttpRequestException bad)
        {
            status = bad.StatusCode;
            title = "The request could not be read.";
            Log.BadRequest(logger, status, method, route, httpContext.TraceIdentifier);
        }
        else if (httpContext.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            Log.ClientAborted(logger, method, route, httpContext.TraceIdentifier);
            if (!httpContext.Response.HasStarted)
            {
                // Nginx's "client closed request": nobody reads it, but the request log line tells the story.
                httpContext.Response.StatusCode = 499;
            }

            return true;
        }
        else
        {
            diagnostics.RecordUnhandled();
            Log.Unhandled(logger, new RedactedException(exception), exception.GetType().Name, method, route, httpContext.TraceIdentifier);
            status = StatusCodes.Status500InternalServerError;
            title = "An unexpected error occurred.";
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = $"Request {httpContext.TraceIdentifier}." },
        });
    }
}
