using Serilog.Sinks.Async;

namespace ReRanker.Api.Logging;

/// <summary>
/// Watches Serilog.Sinks.Async's queue so the metrics can report it: how many events wait for the console and
/// how many were dropped because the queue was full (the sink never blocks a request thread).
/// </summary>
public sealed class LogQueueMonitor : IAsyncLogEventSinkMonitor
{
    private volatile IAsyncLogEventSinkInspector? _inspector;

    /// <summary>Events dropped since start because the queue was full.</summary>
    public long DroppedEvents => _inspector?.DroppedMessagesCount ?? 0;

    /// <summary>Events waiting to be written now.</summary>
    public int QueuedEvents => _inspector?.Count ?? 0;

    /// <summary>The queue's bound (Logs:QueueCapacity).</summary>
    public int Capacity => _inspector?.BufferSize ?? 0;

    public void StartMonitoring(IAsyncLogEventSinkInspector inspector) => _inspector = inspector;

    public void StopMonitoring(IAsyncLogEventSinkInspector inspector)
    {
        // Keep the last figures readable after shutdown began: the meter may be collected once more.
    }
}
