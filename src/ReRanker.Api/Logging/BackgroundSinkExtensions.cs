using Serilog;
using Serilog.Configuration;

namespace ReRanker.Api.Logging;

/// <summary>
/// <c>WriteTo.Background(configure)</c>, usable from the "Serilog" configuration section like Serilog.Sinks.Async
/// (which does not restore here): <c>{"Name": "Background", "Args": {"configure": [{"Name": "Console", ...}]}}</c>.
/// </summary>
public static class BackgroundSinkExtensions
{
    public static LoggerConfiguration Background(this LoggerSinkConfiguration sinkConfiguration, Action<LoggerSinkConfiguration> configure, int capacity = 10_000)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return LoggerSinkConfiguration.Wrap(sinkConfiguration, inner => new BackgroundSink(inner, capacity), configure, Serilog.Events.LevelAlias.Minimum, null);
    }
}
