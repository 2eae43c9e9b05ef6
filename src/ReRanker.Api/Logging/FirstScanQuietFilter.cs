using Serilog.Core;
using Serilog.Events;

namespace ReRanker.Api.Logging;

/// <summary>
/// For the readable (Development) console only: until the registry's first scan reports its domain count, the
/// per-domain "Loaded" and "Serving" lines of that scan are left out, so start-up reads as a handful of lines
/// (where Swagger UI is, what is served from where, how many domains). Rejections and warnings always show,
/// and every later load and swap is logged as usual. The JSON console keeps every line.
/// </summary>
internal sealed class FirstScanQuietFilter : ILogEventFilter
{
    // The registry's LoggerMessage event ids: Loaded, Serving, FirstScan.
    private const int Loaded = 1001;
    private const int Serving = 1003;
    private const int FirstScan = 1011;

    private volatile bool _firstScanDone;

    public bool IsEnabled(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        if (_firstScanDone || logEvent.Level > LogEventLevel.Information)
        {
            return true;
        }

        switch (EventIdOf(logEvent))
        {
            case FirstScan:
                _firstScanDone = true;
                return true;
            case Loaded or Serving:
                return false;
            default:
                return true;
        }
    }

    private static int? EventIdOf(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var value) && value is StructureValue structure
            ? structure.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int id } ? id : null
            : null;
}
