using Microsoft.Extensions.Logging;
using ReRanker.Core.Scoring;

namespace ReRanker.Api.Registry;

/// <summary>
/// Holds the served <see cref="WeightSet"/> and swaps it atomically (the model servers' "manager"). Readers take
/// <see cref="Current"/> with one volatile read and never lock; writers (scans, publishes) serialise on a semaphore.
/// A new snapshot is built only from validated files, so a bad file can never replace a good one.
/// </summary>
internal sealed class WeightRegistryManager : IWeightRegistry, IDisposable
{
    private readonly IWeightSource _source;
    private readonly TimeProvider _time;
    private readonly ILogger<WeightRegistryManager> _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    // Below: touched only under _writeLock.
    private readonly Dictionary<string, DomainState> _domains = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Fingerprint, LoadOutcome Outcome)> _loads = new(StringComparer.Ordinal);
    private bool _reachable = true;
    private string? _sourceError;
    private DateTimeOffset? _lastFullScanAt;
    private DateTimeOffset? _lastSuccessfulScanAt;

    private WeightSet _current = WeightSet.Empty;
    private RegistryStatus _status;

    public WeightRegistryManager(IWeightSource source, TimeProvider time, ILogger<WeightRegistryManager> logger)
    {
        _source = source;
        _time = time;
        _logger = logger;
        _status = new RegistryStatus(source.Description, true, null, null, []);
    }

    public WeightSet Current => Volatile.Read(ref _current);

    public bool IsReady => Volatile.Read(ref _status).LastSuccessfulScanAt is not null;

    public RegistryStatus GetStatus() => Volatile.Read(ref _status) with { CircuitState = _source.CircuitState };

    public async Task<RegistryStatus> ReloadAsync(CancellationToken cancellationToken)
    {
        await RunExclusiveAsync(async ct =>
        {
            await ScanLockedAsync(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return GetStatus();
    }

    /// <summary>Runs <paramref name="action"/> while no scan or other publish runs (the publisher writes under it).</summary>
    internal async Task<T> RunExclusiveAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await action(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>One full scan: list, load what changed, choose per domain, swap, publish the status. Call under the lock.</summary>
    internal async Task ScanLockedAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            var listing = await _source.ListAsync(cancellationToken).ConfigureAwait(false);
            await ApplyAsync(listing, cancellationToken).ConfigureAwait(false);
            if (!_reachable)
            {
                RegistryLog.SourceRecovered(_logger, _source.Description);
            }

            var firstScan = _lastSuccessfulScanAt is null;
            (_reachable, _sourceError, _lastSuccessfulScanAt) = (true, null, _time.GetUtcNow());
            if (firstScan)
            {
                RegistryLog.FirstScan(_logger, _source.Description, Current.Count);
            }
        }
        catch (SourceUnavailableException ex)
        {
            if (_reachable)
            {
                RegistryLog.SourceUnavailable(_logger, _source.Description, ex.Message);
            }

            (_reachable, _sourceError) = (false, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RegistryLog.ScanFailed(_logger, ex);
            _sourceError = "scan failed: " + ex.Message;
        }
        finally
        {
            _lastFullScanAt = _time.GetUtcNow();
            PublishStatus();
            RegistryLog.ScanCompleted(_logger, _source.Description, _time.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    public void Dispose() => _writeLock.Dispose();

    private async Task ApplyAsync(SourceListing listing, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var listedLocations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var domain in listing.Domains)
        {
            if (!_domains.TryGetValue(domain.Domain, out var state))
            {
                _domains[domain.Domain] = state = new DomainState(domain.Domain);
            }

            var valid = new SortedDictionary<int, LoadedVersion>();
            foreach (var candidate in domain.Versions)
            {
                listedLocations.Add(candidate.Location);
                var outcome = await LoadCachedAsync(candidate, cancellationToken).ConfigureAwait(false);
                state.RecordFile(candidate.Location, outcome, now);
                if (outcome.Loaded is { } loaded)
                {
                    // The same bytes again (a touched file, a re-listed URL): keep the served object and its LoadedAt.
                    valid[candidate.Version] = state.Served is { } served && served.Version == loaded.Version && served.Sha256 == loaded.Sha256 ? served : loaded;
                }
            }

            foreach (var problem in domain.Problems.Where(p => !state.Status.Errors.Any(e => e.File == p.File && e.Reason == p.Reason)))
            {
                RegistryLog.ListingProblem(_logger, domain.Domain, problem.File, problem.Reason);
            }

            var before = state.Served;
            state.Update(domain, valid, now);
            LogChange(domain.Domain, before, state.Served);
        }

        var listedDomains = listing.Domains.Select(d => d.Domain).ToHashSet(StringComparer.Ordinal);
        foreach (var removed in _domains.Keys.Where(d => !listedDomains.Contains(d)).ToList())
        {
            LogChange(removed, _domains[removed].Served, null);
            _domains.Remove(removed);
        }

        foreach (var forgotten in _loads.Keys.Where(l => !listedLocations.Contains(l)).ToList())
        {
            _loads.Remove(forgotten);
        }

        SwapIfChanged();
    }

    private async Task<LoadOutcome> LoadCachedAsync(VersionCandidate candidate, CancellationToken cancellationToken)
    {
        if (_loads.TryGetValue(candidate.Location, out var cached) && cached.Fingerprint == candidate.Fingerprint)
        {
            return cached.Outcome; // a known-bad file is not re-read (with retries) on every poll
        }

        var outcome = await _source.LoadAsync(candidate, cancellationToken).ConfigureAwait(false);
        if (outcome.Status is LoadStatus.Valid or LoadStatus.Invalid)
        {
            _loads[candidate.Location] = (candidate.Fingerprint, outcome);
        }
        else
        {
            _loads.Remove(candidate.Location);
        }

        if (outcome.Loaded is { } loaded)
        {
            RegistryLog.Loaded(_logger, candidate.Domain, candidate.Version, candidate.Location, loaded.Sha256);
        }
        else if (outcome.Status != LoadStatus.Vanished)
        {
            RegistryLog.Rejected(_logger, candidate.Domain, candidate.Version, candidate.Location, outcome.Reason ?? "invalid");
        }

        return outcome;
    }

    private void SwapIfChanged()
    {
        var current = Current;
        var served = _domains.Values.Select(d => d.Served).OfType<LoadedVersion>().Select(l => l.Weights).ToList();
        var unchanged = served.Count == current.Count && served.All(w => current.TryGet(w.Domain, out var c) && ReferenceEquals(c, w));
        if (!unchanged)
        {
            Volatile.Write(ref _current, new WeightSet(served));
        }
    }

    private void PublishStatus()
    {
        var domains = _domains.Values.OrderBy(d => d.Domain, StringComparer.Ordinal).Select(d => d.Status).ToList();
        var status = new RegistryStatus(_source.Description, _reachable, _lastFullScanAt, _lastSuccessfulScanAt, domains)
        {
            SourceError = _sourceError,
        };
        Volatile.Write(ref _status, status);
    }

    private void LogChange(string domain, LoadedVersion? before, LoadedVersion? after)
    {
        if (ReferenceEquals(before, after))
        {
            return;
        }

        if (after is null)
        {
            RegistryLog.Unloaded(_logger, domain, before?.Version);
        }
        else
        {
            RegistryLog.Serving(_logger, domain, after.Version, before?.Version);
        }
    }
}
