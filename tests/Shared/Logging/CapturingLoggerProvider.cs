using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ReRanker.Tests.Shared.Logging;

/// <summary>
/// An in-memory logger provider for a plain generic host (the registry's tests): keeps every log line (message, named
/// properties, exception) so tests can pin what is and is not logged. The API logs through Serilog, so its tests capture
/// the same <see cref="CapturedLog"/> lines with a Serilog sink instead.
/// </summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, IEnumerable<CapturedLog>
{
    private readonly ConcurrentQueue<CapturedLog> _lines = new();

    public IReadOnlyList<CapturedLog> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public IEnumerator<CapturedLog> GetEnumerator() => _lines.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

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
            var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, value) in state as IEnumerable<KeyValuePair<string, object?>> ?? [])
            {
                properties[key] = value;
            }

            var all = string.Join(" ", properties.Select(p => $"{p.Key}={p.Value}"));
            lines.Enqueue(new CapturedLog(category, logLevel, eventId.Id, formatter(state, exception), $"{all} {exception}", properties, Stopwatch.GetTimestamp()));
        }
    }
}
