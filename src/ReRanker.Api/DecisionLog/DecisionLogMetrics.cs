using System.Diagnostics.Metrics;

namespace ReRanker.Api.DecisionLog;

/// <summary>Why a record did not reach a segment.</summary>
internal enum DropReason
{
    /// <summary>The writer's queue was full (it is behind); the request did not wait.</summary>
    QueueFull,

    /// <summary>Writing failed (full disk, IO error); the segment in use was abandoned.</summary>
    WriteFailed,

    /// <summary>The log could not start (no key, no folder) or has stopped.</summary>
    Unavailable,
}

/// <summary>
/// The log's counters, on the meter <c>ReRanker.DecisionLog</c> (exported with the other <c>ReRanker.*</c> meters)
/// and as plain totals for GET /v1/decision-log/status.
/// </summary>
internal sealed class DecisionLogMetrics
{
    public const string MeterName = "ReRanker.DecisionLog";

    private static readonly string[] ReasonTags = ["queue_full", "write_failed", "unavailable"];

    private readonly Counter<long> _written;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _writeErrors;
    private readonly long[] _droppedTotals = new long[ReasonTags.Length];
    private long _writtenTotal;
    private long _writeErrorTotal;

    public DecisionLogMetrics(IMeterFactory meters, Func<long> queueLength)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _written = meter.CreateCounter<long>("reranker.decision_log.records.written", "{record}", "Records written to a segment (decisions and feedback).");
        _dropped = meter.CreateCounter<long>("reranker.decision_log.records.dropped", "{record}", "Records not logged, by reason (queue_full, write_failed, unavailable).");
        _writeErrors = meter.CreateCounter<long>("reranker.decision_log.write_errors", "{error}", "Failed opens, writes, flushes or deletions of segment files.");
        meter.CreateObservableGauge("reranker.decision_log.queue.length", queueLength, "{record}", "Records waiting for the writer.");
    }

    public long Written => Interlocked.Read(ref _writtenTotal);

    public long WriteErrors => Interlocked.Read(ref _writeErrorTotal);

    public long DroppedBy(DropReason reason) => Interlocked.Read(ref _droppedTotals[(int)reason]);

    public void AddWritten(long records)
    {
        // The meter first: a reader who sees the status total then also finds it at /metrics.
        _written.Add(records);
        Interlocked.Add(ref _writtenTotal, records);
    }

    public void AddDropped(DropReason reason, long records = 1)
    {
        if (records <= 0)
        {
            return;
        }

        _dropped.Add(records, new KeyValuePair<string, object?>("reason", ReasonTags[(int)reason]));
        Interlocked.Add(ref _droppedTotals[(int)reason], records);
    }

    public void AddWriteError()
    {
        _writeErrors.Add(1);
        Interlocked.Increment(ref _writeErrorTotal);
    }
}
