using System.Threading.Channels;
using ReRanker.Core.DecisionLog;

namespace ReRanker.Api.DecisionLog;

/// <summary>What the writer is doing, for the status endpoint.</summary>
public enum DecisionLogState
{
    Off,
    Starting,
    Writing,
    Failing,
    Unavailable,
    Stopped,
}

/// <summary>
/// The one writer thread of the decision log: takes records off the <see cref="DecisionRecorder"/>'s queue, hashes
/// slot values and serialises each record (<see cref="DecisionLogFormat"/>), appends it to the active segment, and
/// flushes and syncs that segment at most <see cref="DecisionLogOptions.FlushInterval"/> after its oldest unsynced
/// record. Any IO error (a full disk) drops and counts the records not yet synced, abandons the segment, is logged
/// once per incident, and writing is retried with a new segment a second later; requests never notice.
/// </summary>
internal sealed class DecisionLogWriter : BackgroundService
{
    private const int BatchSize = 256;
    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RetryAfterError = TimeSpan.FromSeconds(1);

    private readonly DecisionRecorder _recorder;
    private readonly DecisionLogOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DecisionLogWriter> _logger;
    private readonly Func<string, Stream>? _open;
    private SegmentFiles? _files;
    private DecisionRecordEncoder? _encoder;
    private Task<bool>? _pendingWait;
    private Task? _deadline;
    private DateTimeOffset _deadlineAt;
    private CancellationTokenSource? _deadlineCancel;
    private DateTimeOffset? _dirtySince;
    private DateTimeOffset _retryAt;
    private DateTimeOffset _nextMaintenance;
    private long _unsynced;
    private Task? _syncing;
    private Task<(int Deleted, List<Exception> Errors)>? _retention;
    private long _syncingCount;
    private long _droppedInIncident;
    private volatile bool _failing;
    private volatile string? _keyId;
    private long _lastSyncTicks;
    private volatile DecisionLogState _state;

    public DecisionLogWriter(DecisionRecorder recorder, TimeProvider time, ILogger<DecisionLogWriter> logger)
        : this(recorder, time, logger, null)
    {
    }

    /// <summary>With <paramref name="open"/>, segments are opened through it (tests simulate a full disk).</summary>
    internal DecisionLogWriter(DecisionRecorder recorder, TimeProvider time, ILogger<DecisionLogWriter> logger, Func<string, Stream>? open)
    {
        _recorder = recorder;
        _options = recorder.Options;
        _time = time;
        _logger = logger;
        _open = open;
        _state = recorder.Enabled ? DecisionLogState.Starting : DecisionLogState.Off;
    }

    public DecisionLogState State => _failing && _state == DecisionLogState.Writing ? DecisionLogState.Failing : _state;

    public string? KeyId => _keyId;

    public string Replica => _options.ResolvedReplicaId;

    public string? ActiveSegment => _files?.ActiveName;

    public DateTimeOffset? LastSyncAt => Volatile.Read(ref _lastSyncTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop taking records first, so the drain below sees all there will be.
        _recorder.Complete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _encoder?.Dispose();
        _files?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_recorder.Enabled)
        {
            return;
        }

        await Task.Yield();
        Start();
        var reader = _recorder.Reader;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var drained = Drain(BatchSize);
                var now = _time.GetUtcNow();
                Tick(now);
                if (drained == BatchSize)
                {
                    continue;
                }

                if (!await WaitAsync(reader, NextWake(now), now, stoppingToken).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the drain below writes what is left.
        }
        finally
        {
            Drain(int.MaxValue);
            CloseSegment();
            CompleteRetention(wait: true);
            // Here, not in Dispose: only this loop touches the deadline, and the host may dispose the writer while it runs.
            _deadlineCancel?.Cancel();
            _deadlineCancel?.Dispose();
            _deadlineCancel = null;
            _state = DecisionLogState.Stopped;
        }
    }

    private void Start()
    {
        var folder = _options.ResolvedPath;
        try
        {
            var (key, generated) = DecisionLogKey.Load(_options);
            var values = new HmacSlotValues(key);
            _encoder = new DecisionRecordEncoder(values, Replica);
            _keyId = values.KeyId;
            _files = new SegmentFiles(folder, Replica, _options, _open);
            DecisionLogLog.Started(_logger, folder, Replica, values.KeyId, generated ? $"generated into {_options.ResolvedKeyFile}" : "existing");
            _state = DecisionLogState.Writing;
            _nextMaintenance = _time.GetUtcNow();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            _recorder.Metrics.AddWriteError();
            _state = DecisionLogState.Unavailable;
            DecisionLogLog.Unavailable(_logger, folder, ex.GetType().Name, ex.Message);
        }
    }

    private int Drain(int max)
    {
        var count = 0;
        while (count < max && _recorder.Reader.TryRead(out var entry))
        {
            Write(entry);
            // Counted off the queue once written (or dropped): the queue length is what the writer has yet to handle.
            _recorder.Dequeued();
            count++;
        }

        return count;
    }

    private void Write(LogEntry entry)
    {
        if (_files is null || _encoder is null)
        {
            _recorder.Metrics.AddDropped(DropReason.Unavailable);
            return;
        }

        var now = _time.GetUtcNow();
        if (DroppedWhileFailing(now))
        {
            return;
        }

        if (!Serialise(entry))
        {
            return;
        }

        // Rotated here rather than inside Append: closing the segment first waits for an fsync still running on it.
        if (_files.MustRotate(_encoder.Line.Length, now))
        {
            CloseSegment();
            if (DroppedWhileFailing(now))
            {
                return;
            }
        }

        try
        {
            _files.Append(_encoder.Line, now);
            _unsynced++;
            _dirtySince ??= now;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail(ex, now, _unsynced + 1);
        }
    }

    /// <summary>True (and the record dropped and counted) while a write failure waits out its retry delay.</summary>
    private bool DroppedWhileFailing(DateTimeOffset now)
    {
        if (!_failing || now >= _retryAt)
        {
            return false;
        }

        _recorder.Metrics.AddDropped(DropReason.WriteFailed);
        _droppedInIncident++;
        return true;
    }

    private bool Serialise(LogEntry entry)
    {
        try
        {
            _encoder!.Encode(entry);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Validated input always serialises; if it ever does not, drop that one record, not the segment.
            _recorder.Metrics.AddDropped(DropReason.WriteFailed);
            DecisionLogLog.NotSerialisable(_logger, ex.GetType().Name);
            return false;
        }
    }

    private void Tick(DateTimeOffset now)
    {
        CompleteSync(now);
        if (_dirtySince is { } dirty && now - dirty >= _options.FlushInterval)
        {
            Sync(now);
        }

        if (_files?.ActiveStart is { } start && now - start >= _options.SegmentMaxAge)
        {
            CloseSegment();
        }

        CompleteRetention();
        if (_files is { } files && now >= _nextMaintenance && _retention is null)
        {
            _nextMaintenance = now + MaintenanceInterval;
            // On its own thread: deleting a few 64 MiB segments takes long enough that records queued meanwhile (as
            // objects) had added tens of MiB to the heap at each pass. The active segment and any opened later are
            // left alone, so the pass never races the writer's own files.
            var (activeName, activeBytes) = (files.ActiveName, files.ActiveBytes);
            _retention = Task.Factory.StartNew(
                () => files.ApplyRetention(now, activeName, activeBytes), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>Logs and counts what the last retention pass could not delete, once it is done; with <paramref name="wait"/>, waits for it.</summary>
    private void CompleteRetention(bool wait = false)
    {
        if (_retention is not { } retention || (!wait && !retention.IsCompleted))
        {
            return;
        }

        _retention = null;
        List<Exception> errors;
        try
        {
            errors = retention.GetAwaiter().GetResult().Errors;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors = [ex];
        }

        foreach (var error in errors)
        {
            _recorder.Metrics.AddWriteError();
            DecisionLogLog.RetentionFailed(_logger, error.GetType().Name, error.Message);
        }
    }

    private DateTimeOffset NextWake(DateTimeOffset now)
    {
        // While an fsync runs, its end (not the flush deadline) wakes the writer: see WaitAsync.
        var wake = _dirtySince is { } dirty && _syncing is null ? dirty + _options.FlushInterval : _nextMaintenance;
        if (_files?.ActiveStart is { } start && start + _options.SegmentMaxAge < wake)
        {
            wake = start + _options.SegmentMaxAge;
        }

        return wake < now ? now : wake;
    }

    /// <summary>
    /// Writes the active segment's buffer to the file and starts its fsync off this thread, so the writer keeps taking
    /// records meanwhile (a queue that waited out each fsync kept its records alive into gen1); they count as written
    /// once the fsync is done (<see cref="CompleteSync"/>). One fsync at a time: a deadline met while one runs is met
    /// when it finishes, since the writer then syncs again.
    /// </summary>
    private void Sync(DateTimeOffset now)
    {
        if (_files is null || _unsynced == 0)
        {
            _dirtySince = null;
            return;
        }

        if (_syncing is not null)
        {
            return;
        }

        try
        {
            var handle = _files.FlushToSystem();
            if (handle is null)
            {
                SyncedUnsynced(now);
                return;
            }

            _syncingCount = _unsynced;
            _unsynced = 0;
            _dirtySince = null;
            // On its own thread: an fsync blocks for tens of milliseconds, which on a thread-pool thread is a worker
            // taken from the requests.
            _syncing = Task.Factory.StartNew(
                () => RandomAccess.FlushToDisk(handle), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail(ex, now, _unsynced);
        }
    }

    /// <summary>Accounts for the fsync started by <see cref="Sync"/> once it is done; with <paramref name="wait"/>, waits for it first.</summary>
    private void CompleteSync(DateTimeOffset now, bool wait = false)
    {
        if (_syncing is not { } syncing || (!wait && !syncing.IsCompleted))
        {
            return;
        }

        try
        {
            syncing.GetAwaiter().GetResult();
            _syncing = null;
            Synced(now, _syncingCount);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _syncing = null;
            Fail(ex, now, _syncingCount + _unsynced);
        }
    }

    private void CloseSegment()
    {
        if (_files is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        CompleteSync(now, wait: true);
        try
        {
            _files.Close();
            SyncedUnsynced(now);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail(ex, now, _unsynced);
        }
    }

    /// <summary>Every record not yet synced reached the disk.</summary>
    private void SyncedUnsynced(DateTimeOffset now)
    {
        Synced(now, _unsynced);
        _unsynced = 0;
        _dirtySince = null;
    }

    /// <summary><paramref name="records"/> reached the disk (the caller forgets them as unsynced).</summary>
    private void Synced(DateTimeOffset now, long records)
    {
        _recorder.Metrics.AddWritten(records);
        Volatile.Write(ref _lastSyncTicks, now.UtcTicks);
        if (_failing)
        {
            DecisionLogLog.Recovered(_logger, _droppedInIncident);
            _droppedInIncident = 0;
            _failing = false;
        }
    }

    private void Fail(Exception error, DateTimeOffset now, long dropped)
    {
        _recorder.Metrics.AddWriteError();
        _recorder.Metrics.AddDropped(DropReason.WriteFailed, dropped);
        _files?.Abandon();
        _unsynced = 0;
        _dirtySince = null;
        _retryAt = now + RetryAfterError;
        _droppedInIncident += dropped;
        if (!_failing)
        {
            _failing = true;
            DecisionLogLog.WriteFailed(_logger, _options.ResolvedPath, error.GetType().Name, error.Message);
        }
    }

    /// <summary>Waits until a record is queued (true), the queue is completed and empty (false), or <paramref name="wake"/> comes (true).</summary>
    private async Task<bool> WaitAsync(ChannelReader<LogEntry> reader, DateTimeOffset wake, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One wait stays pending across timeouts: a single-reader channel allows only one at a time.
        _pendingWait ??= reader.WaitToReadAsync(cancellationToken).AsTask();
        if (!_pendingWait.IsCompleted && wake > now && _syncing is not { IsCompleted: true })
        {
            var deadline = Deadline(wake, cancellationToken);
            await (_syncing is { } syncing ? Task.WhenAny(_pendingWait, deadline, syncing) : Task.WhenAny(_pendingWait, deadline)).ConfigureAwait(false);
        }

        if (!_pendingWait.IsCompleted)
        {
            return true;
        }

        var wait = _pendingWait;
        _pendingWait = null;
        return await wait.ConfigureAwait(false);
    }

    // One timer per deadline, not per wait: under traffic the writer waits after every few records, and the deadline
    // (the oldest unsynced record + the flush interval) stays the same for all of those waits.
    private Task Deadline(DateTimeOffset wake, CancellationToken cancellationToken)
    {
        if (_deadline is null || _deadline.IsCompleted || _deadlineAt != wake)
        {
            _deadlineCancel?.Cancel();
            _deadlineCancel?.Dispose();
            _deadlineCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _deadlineAt = wake;
            // From the clock as it is now, not as the loop last read it: time that passed since (a fake clock moved by a
            // test, a slow pass) must not push the deadline later.
            var delay = wake - _time.GetUtcNow();
            _deadline = Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, _time, _deadlineCancel.Token);
        }

        return _deadline;
    }
}
