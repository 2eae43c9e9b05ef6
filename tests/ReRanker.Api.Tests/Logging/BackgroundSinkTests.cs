using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;
using ReRanker.Api.Logging;

namespace ReRanker.Api.Tests.Logging;

public class BackgroundSinkTests
{
    [Fact]
    public void Disposing_writes_every_queued_event_in_order()
    {
        var inner = new RecordingSink();
        var sink = new BackgroundSink(inner, capacity: 1000);

        for (var i = 0; i < 500; i++)
        {
            sink.Emit(Event(i));
        }

        sink.Dispose();

        inner.Numbers.Should().Equal(Enumerable.Range(0, 500));
        inner.Disposed.Should().BeTrue();
    }

    [Fact]
    public void A_writer_that_falls_behind_drops_events_instead_of_blocking_the_caller()
    {
        // The inner sink blocks until released: everything past the queue's capacity must be dropped, not waited for.
        using var release = new ManualResetEventSlim();
        var inner = new RecordingSink(release);
        var sink = new BackgroundSink(inner, capacity: 10);

        for (var i = 0; i < 100; i++)
        {
            sink.Emit(Event(i));
        }

        release.Set();
        sink.Dispose();

        inner.Numbers.Should().HaveCountLessThanOrEqualTo(11).And.BeInAscendingOrder();
        inner.Numbers.Should().StartWith(0);
    }

    private static LogEvent Event(int number) => new(
        DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new MessageTemplateParser().Parse("event {Number}"),
        [new LogEventProperty("Number", new ScalarValue(number))]);

    private sealed class RecordingSink(ManualResetEventSlim? gate = null) : ILogEventSink, IDisposable
    {
        private readonly List<int> _numbers = [];

        public IReadOnlyList<int> Numbers
        {
            get
            {
                lock (_numbers)
                {
                    return [.. _numbers];
                }
            }
        }

        public bool Disposed { get; private set; }

        public void Emit(LogEvent logEvent)
        {
            gate?.Wait();
            lock (_numbers)
            {
                _numbers.Add((int)((ScalarValue)logEvent.Properties["Number"]).Value!);
            }
        }

        public void Dispose() => Disposed = true;
    }
}
