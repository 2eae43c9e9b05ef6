using Microsoft.Extensions.Logging;

namespace ReRanker.Registry;

/// <summary>
/// A file-system watcher on the registry root turned into "something may have changed", debounced so that a burst of
/// events gives one rescan (one pause after the first event, not "until quiet", which a busy folder could postpone).
/// Best effort by design: the periodic full rescan is what guarantees changes are seen.
/// Waits block the registry's own thread on kernel waits rather than timers: under CPU saturation, timer callbacks
/// (Task.Delay) were measured here arriving up to 1 s late, while blocked threads woke on time.
/// </summary>
internal sealed class DirectoryChangeSignal(string root, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly ManualResetEventSlim _changed = new(initialState: false);
    private readonly Lock _gate = new();
    private FileSystemWatcher? _watcher;
    private bool _disposed;

    /// <summary>Blocks until a change (plus <paramref name="debounce"/>) or until <paramref name="pollInterval"/> has passed.</summary>
    public void Wait(TimeSpan pollInterval, TimeSpan debounce, CancellationToken cancellationToken)
    {
        EnsureWatcher();
        if (!_changed.Wait(pollInterval, cancellationToken))
        {
            return; // poll interval elapsed: time for the full rescan
        }

        // One pause, then everything that arrived meanwhile is folded into this rescan. Events that come during the
        // scan set the signal again and give one more scan, which is cheap: unchanged files are not re-read.
        var started = time.GetTimestamp();
        if (cancellationToken.WaitHandle.WaitOne(debounce))
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        _changed.Reset();
        RegistryLog.ChangeNoticed(logger, root, time.GetElapsedTime(started).TotalMilliseconds);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _watcher?.Dispose();
            _watcher = null;
        }

        _changed.Dispose();
    }

    /// <summary>Starts watching (if not yet), before a scan lists the folder: a change made during the scan is not missed.</summary>
    public void EnsureWatcher()
    {
        lock (_gate)
        {
            if (_watcher is not null || _disposed || !Directory.Exists(root))
            {
                return;
            }

            try
            {
                var watcher = new FileSystemWatcher(root)
                {
                    IncludeSubdirectories = true,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                watcher.Created += OnChanged;
                watcher.Changed += OnChanged;
                watcher.Deleted += OnChanged;
                watcher.Renamed += OnChanged;
                watcher.Error += OnError;
                watcher.EnableRaisingEvents = true;
                _watcher = watcher;
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
            {
                RegistryLog.WatcherUnavailable(logger, root, ex.Message);
            }
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => Signal();

    private void OnError(object sender, ErrorEventArgs e)
    {
        // Overflow or a vanished root: rescan now, and build a new watcher on the next wait.
        RegistryLog.WatcherUnavailable(logger, root, e.GetException().Message);
        lock (_gate)
        {
            _watcher?.Dispose();
            _watcher = null;
        }

        Signal();
    }

    private void Signal()
    {
        try
        {
            _changed.Set();
        }
        catch (ObjectDisposedException)
        {
            // An event raced with shutdown: nothing left to wake.
        }
    }
}
