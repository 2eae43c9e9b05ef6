using Microsoft.Extensions.Logging;

namespace ReRanker.Tests.Shared.Logging;

/// <summary>One captured log line: the rendered message, the named properties, and everything (properties and exception) as text.</summary>
/// <param name="Timestamp">A Stopwatch timestamp of when the line was captured.</param>
internal sealed record CapturedLog(
    string Category, LogLevel Level, int EventId, string Message, string Everything, IReadOnlyDictionary<string, object?> Properties, long Timestamp);
