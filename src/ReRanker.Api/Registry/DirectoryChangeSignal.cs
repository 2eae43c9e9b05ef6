using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ReRanker.Api.Registry;

/// <summary>
/// A file-system watcher on the registry root turned into "something may have changed", debounced so that a burst of
/// events gives one rescan (one pause after the first event, not "until quiet", which a busy folder could postpone). Best effort by design: the periodic full rescan is what guarantees changes are seen.
/// </summary>
internal sealed class DirectoryChangeSignal(string root, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _gate = new();
    private FileSystemWatcher? _watcher;
    private bool _disposed;

    /// <summary>Returns after a change (plus a quiet <paramref name="debounce"/>) or after <paramref name="pollInterval"/>.</summary>
    public async Task WaitAsync(TimeSpan pollInterval, TimeSpan debounce, CancellationToken cancellationToken)
    {
        EnsureWatcher();
        using var poll = new CancellationTokenSource(pollInterval, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, poll.Token);
        try
        {
            await _signal.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return; // poll interval elapsed: time for the full rescan
        }

        // One pause, then everything that arrived meanwhile is folded into this rescan. Events that come during the
        // scan trigger another one, which is cheap: unchanged files are not re-read.
        var started = time.GetTimestamp();
        await Task.Delay(debounce, time, cancellationToken).ConfigureAwait(false);
        while (_signal.Reader.TryRead(out _))
        {
        }

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
    }

    private void EnsureWatcher()
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

    private void OnChanged(object sender, FileSystemEventArgs e) => _signal.Writer.TryWrite(true);

    private void OnError(object sender, ErrorEventArgs e)
    {
        // Overflow or a vanished root: rescan now, and build a new watcher on the next wait.
        RegistryLog.WatcherUnavailable(logger, root, e.GetException().Message);
        lock (_gate)
        {
            _watcher?.Dispose();
            _watcher = null;
        }

        _signal.Writer.TryWrite(true);
    }
}
