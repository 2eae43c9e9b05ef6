using System.Threading.Channels;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;

namespace ReRanker.Api.Logging;

/// <summary>
/// Hands log events to a background writer so request threads never wait on the console: Serilog's console
/// sink writes and flushes each line under a lock, which was measured as the whole of the half-load p99 gap
/// (docs/performance.md). Bounded: when the writer falls behind by <c>capacity</c> events, new events are
/// dropped and counted rather than slowing requests. Disposing drains what is queued.
/// </summary>
internal sealed class BackgroundSink : ILogEventSink, IDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly ILogEventSink _inner;
    private readonly Channel<LogEvent> _queue;
    private readonly Task _writer;
    private long _dropped;

    public BackgroundSink(ILogEventSink inner, int capacity)
    {
        _inner = inner;
        _queue = Channel.CreateBounded<LogEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        _writer = Task.Run(WriteAsync);
    }

    public void Emit(LogEvent logEvent)
    {
        if (!_queue.Writer.TryWrite(logEvent))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        if (!_writer.Wait(DrainTimeout))
        {
            SelfLog.WriteLine("Background log writer did not drain within {0}", DrainTimeout);
        }

        (_inner as IDisposable)?.Dispose();
    }

    private async Task WriteAsync()
    {
        await foreach (var logEvent in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                _inner.Emit(logEvent);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                SelfLog.WriteLine("Writing a log event failed: {0}", ex);
            }

            var dropped = Interlocked.Exchange(ref _dropped, 0);
            if (dropped > 0)
            {
                SelfLog.WriteLine("{0} log events dropped: the log writer fell behind", dropped);
            }
        }
    }
}
