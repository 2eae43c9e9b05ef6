using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace ReRanker.Api.Tests.Support;

/// <summary>
/// A Serilog sink (registered as a service, which the API's logger reads) that keeps every event with its rendered
/// message, properties and exception, so tests can check what is and is not logged. It sees exactly what the console
/// sink is given: ILogger lines and Serilog's own request log lines alike.
/// </summary>
internal sealed class CapturingLogSink : ILogEventSink
{
    // As the readable console renders messages: strings unquoted.
    private static readonly MessageTemplateTextFormatter Rendering = new("{Message:lj}", CultureInfo.InvariantCulture);

    private readonly ConcurrentQueue<CapturedLog> _lines = new();

    public IReadOnlyList<CapturedLog> Lines => _lines.ToArray();

    public void Emit(LogEvent logEvent)
    {
        var properties = logEvent.Properties.Select(p => new KeyValuePair<string, object?>(p.Key, Plain(p.Value))).ToArray();
        var all = string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}"));
        _lines.Enqueue(new CapturedLog(
            Scalar(logEvent, "SourceContext") ?? "",
            LevelOf(logEvent.Level),
            EventIdOf(logEvent),
            Render(logEvent),
            $"{all} {logEvent.Exception}",
            properties));
    }

    private static string Render(LogEvent logEvent)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Rendering.Format(logEvent, text);
        return text.ToString();
    }

    private static object? Plain(LogEventPropertyValue value) => value is ScalarValue scalar ? scalar.Value : value.ToString();

    private static string? Scalar(LogEvent logEvent, string name) =>
        logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: string text } ? text : null;

    private static int EventIdOf(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var value) && value is StructureValue structure
            && structure.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int id } ? id : 0;

    private static LogLevel LevelOf(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => LogLevel.Trace,
        LogEventLevel.Debug => LogLevel.Debug,
        LogEventLevel.Information => LogLevel.Information,
        LogEventLevel.Warning => LogLevel.Warning,
        LogEventLevel.Error => LogLevel.Error,
        _ => LogLevel.Critical,
    };
}

internal sealed record CapturedLog(
    string Category, LogLevel Level, int EventId, string Message, string Everything, IReadOnlyList<KeyValuePair<string, object?>> Properties);
