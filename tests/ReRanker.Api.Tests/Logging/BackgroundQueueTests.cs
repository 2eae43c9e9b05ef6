using ReRanker.Api.Hosting;
using ReRanker.Api.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace ReRanker.Api.Tests.Logging;

/// <summary>The console sits behind a bounded queue: a stuck console never blocks a caller, and what is dropped is counted.</summary>
public sealed class BackgroundQueueTests
{
    [Fact]
    public async Task A_stuck_console_drops_and_counts_events_instead_of_blocking_the_caller()
    {
        using var stuck = new StuckSink();
        var monitor = new LogQueueMonitor();
        var logger = new LoggerConfiguration()
            .WriteTo.InBackground(sinks => sinks.Sink(stuck), new LogOptions { QueueCapacity = 100 }, monitor)
            .CreateLogger();

        // The worker takes one event and sticks on it; the queue then fills with 100; the rest are dropped.
        var emitted = Task.Run(() =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                logger.Information("event {Number}", i);
            }
        });

        (await Task.WhenAny(emitted, Task.Delay(TimeSpan.FromSeconds(10)))).Should().BeSameAs(emitted, "logging never waits for the console");
        monitor.Capacity.Should().Be(100);
        monitor.QueuedEvents.Should().BeLessThanOrEqualTo(100);
        monitor.DroppedEvents.Should().BeGreaterThanOrEqualTo(1_000 - 100 - 1);
        stuck.Release();
        logger.Dispose();
        ((long)stuck.Written).Should().Be(1_000 - monitor.DroppedEvents, "disposing drains what was queued");
    }

    private sealed class StuckSink : ILogEventSink, IDisposable
    {
        private readonly ManualResetEventSlim _gate = new();
        private int _written;

        public int Written => Volatile.Read(ref _written);

        public void Emit(LogEvent logEvent)
        {
            _gate.Wait(TimeSpan.FromSeconds(30));
            Interlocked.Increment(ref _written);
        }

        public void Release() => _gate.Set();

        public void Dispose() => _gate.Dispose();
    }
}
