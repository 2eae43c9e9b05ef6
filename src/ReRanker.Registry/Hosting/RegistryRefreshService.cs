using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ReRanker.Registry;

/// <summary>
/// Runs the source on a dedicated background thread: a full scan at start-up, then one after every change signal or
/// poll interval. A thread of its own, with blocking kernel waits, rather than a timer-driven async loop: on this
/// 2-core machine under load, Task.Delay(100 ms) was measured completing up to 1 s late whenever a few threads of the
/// process were busy (as request threads are), while a blocked dedicated thread woke within a few ms. The scan itself
/// stays async (the HTTP source awaits the network) and is waited for here.
/// </summary>
internal sealed class RegistryRefreshService(
    WeightRegistryManager manager, IWeightSource source, IOptions<RegistryOptions> options, TimeProvider time, ILogger<RegistryRefreshService> logger)
    : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        RegistryLog.Starting(logger, source.Description);

        // Start-up is never held up: readiness reports the first scan.
        _thread = new Thread(Run) { IsBackground = true, Name = "ReRanker registry" };
        _thread.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stopping twice is allowed (a test host may stop, dispose, then be stopped again by its factory):
        // once the thread has finished, the token source may already be disposed.
        if (_thread is null || _stopped.Task.IsCompleted)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _stopped.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        // If the host gave up waiting in StopAsync, the thread may still be finishing: leave its token alive then.
        if (_thread is null || _stopped.Task.IsCompleted)
        {
            _stopping.Dispose();
        }
    }

    private void Run()
    {
        var token = _stopping.Token;
        var pollInterval = options.Value.PollInterval;
        try
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    manager.ReloadAsync(token).GetAwaiter().GetResult();
                    source.WaitForChange(UntilNextScan(pollInterval), token);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // The loop must survive anything: the last good weights keep serving.
                    RegistryLog.ScanFailed(logger, ex);
                    token.WaitHandle.WaitOne(pollInterval);
                }
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    // A file that failed while it was still changing is judged again as soon as its half-written window has passed.
    private TimeSpan UntilNextScan(TimeSpan pollInterval)
    {
        if (manager.NextRetryAt is not { } retryAt)
        {
            return pollInterval;
        }

        var wait = retryAt - time.GetUtcNow() + TimeSpan.FromMilliseconds(10);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait < pollInterval ? wait : pollInterval;
    }
}
