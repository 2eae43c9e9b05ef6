using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ReRanker.Api.Tests.Support;

/// <summary>Keeps every rendered log line (message, properties and exception) so tests can check what is and is not logged.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _lines = new();

    public IReadOnlyList<CapturedLog> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Copied now: some framework states read the HttpContext lazily, which is gone later.
            var properties = (state as IReadOnlyList<KeyValuePair<string, object?>>)?.ToArray() ?? [];
            var all = string.Join(" ", properties.Select(p => $"{p.Key}={p.Value}"));
            lines.Enqueue(new CapturedLog(category, logLevel, eventId.Id, formatter(state, exception), $"{all} {exception}", properties));
        }
    }
}

internal sealed record CapturedLog(
    string Category, LogLevel Level, int EventId, string Message, string Everything, IReadOnlyList<KeyValuePair<string, object?>> Properties);
