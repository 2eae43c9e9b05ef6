using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ReRanker.Api.Tests.Registry;

/// <summary>One captured log line: level, category, the rendered message, the named properties and a Stopwatch timestamp.</summary>
internal sealed record LogLine(LogLevel Level, string Category, string Message, IReadOnlyDictionary<string, object?> Properties, long Timestamp);

/// <summary>An in-memory logger provider, so tests can pin what was (and was not) logged.</summary>
internal sealed class LogCollector : ILoggerProvider, IEnumerable<LogLine>
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public IEnumerator<LogLine> GetEnumerator() => _lines.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : [];
            lines.Enqueue(new LogLine(logLevel, category, formatter(state, exception), properties, System.Diagnostics.Stopwatch.GetTimestamp()));
        }
    }
}
