using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ReRanker.Api.Registry;

/// <summary>Runs the source: a full scan at start-up, then one after every change signal or poll interval.</summary>
internal sealed class RegistryRefreshService(
    WeightRegistryManager manager, IWeightSource source, IOptions<RegistryOptions> options, ILogger<RegistryRefreshService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // never hold up host start-up: readiness reports the first scan
        var pollInterval = options.Value.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await manager.ReloadAsync(stoppingToken).ConfigureAwait(false);
                await source.WaitForChangeAsync(pollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The loop must survive anything: the last good weights keep serving.
                RegistryLog.ScanFailed(logger, ex);
                await Task.Delay(pollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
