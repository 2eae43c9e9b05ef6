using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReRanker.Core.Scoring;

namespace ReRanker.Registry;

/// <summary>
/// Holds the served <see cref="WeightSet"/> and swaps it atomically (the model servers' "manager"). Readers take
/// <see cref="Current"/> with one volatile read and never lock; writers (scans, publishes) serialise on a semaphore.
/// A new snapshot is built only from validated files, so a bad file can never be served. Each file is judged on its
/// own and each domain decided on its own: one file or domain that fails, whatever the reason, never stops the scan
/// of the rest.
/// </summary>
internal sealed class WeightRegistryManager : IWeightRegistry, IDisposable
{
    private readonly IWeightSource _source;
    private readonly TimeProvider _time;
    private readonly TimeSpan _halfWrittenWindow;
    private readonly ILogger<WeightRegistryManager> _logger;
    private readonly RegistryMetrics? _metrics;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    // Below: touched only under _writeLock.
    private readonly Dictionary<string, DomainState> _domains = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KnownFile> _files = new(StringComparer.Ordinal);
    private bool _reachable = true;
    private string? _sourceError;
    private DateTimeOffset? _lastFullScanAt;
    private DateTimeOffset? _lastSuccessfulScanAt;

    private WeightSet _current = WeightSet.Empty;
    private RegistryStatus _status;
    private long _retryAtUtcTicks = long.MaxValue;

    public WeightRegistryManager(
        IWeightSource source, TimeProvider time, IOptions<RegistryOptions> options, ILogger<WeightRegistryManager> logger, RegistryMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _source = source;
        _time = time;
        _halfWrittenWindow = options.Value.HalfWrittenRetryWindow;
        _logger = logger;
        _status = new RegistryStatus(source.Description, true, null, null, []);
        _metrics = metrics;
        metrics?.Observe(GetStatus);
    }

    private enum Verdict
    {
        Valid,
        Invalid,
        Unavailable,
        Changing,
    }

    public WeightSet Current => Volatile.Read(ref _current);

    public bool IsReady => Volatile.Read(ref _status).LastSuccessfulScanAt is not null;

    /// <summary>When a file that failed while still changing is judged again; null when none is waiting.</summary>
    public DateTimeOffset? NextRetryAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _retryAtUtcTicks);
            return ticks == long.MaxValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

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
            _sourceError = "scan failed: " + ex.GetType().Name;
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
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var retryAt = DateTimeOffset.MaxValue;
        foreach (var domain in listing.Domains)
        {
            if (!_domains.TryGetValue(domain.Domain, out var state))
            {
                _domains[domain.Domain] = state = new DomainState(domain.Domain);
            }

            listed.UnionWith(domain.Versions.Select(v => v.Location));
            try
            {
                var domainRetryAt = await ApplyDomainAsync(state, domain, now, cancellationToken).ConfigureAwait(false);
                retryAt = domainRetryAt < retryAt ? domainRetryAt : retryAt;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A bug or a surprise in one domain leaves that domain as it was; the others carry on.
                RegistryLog.DomainFailed(_logger, ex, domain.Domain);
                state.RecordError(domain.PinLocation, $"the domain could not be scanned ({ex.GetType().Name}); it is kept as it was", now);
            }
        }

        var incomplete = listing.Domains.Where(d => !d.Complete).Select(d => d.Domain).ToHashSet(StringComparer.Ordinal);
        var listedDomains = listing.Domains.Select(d => d.Domain).ToHashSet(StringComparer.Ordinal);
        foreach (var removed in _domains.Keys.Where(d => !listedDomains.Contains(d)).ToList())
        {
            LogChange(removed, _domains[removed].Served, null);
            _domains.Remove(removed);
        }

        foreach (var (location, known) in _files.Where(f => !listed.Contains(f.Key) && !incomplete.Contains(f.Value.Domain)).ToList())
        {
            _files.Remove(location);
        }

        Interlocked.Exchange(ref _retryAtUtcTicks, retryAt == DateTimeOffset.MaxValue ? long.MaxValue : retryAt.UtcTicks);
        SwapIfChanged();
    }

    /// <summary>Judges the domain's files, chooses its version, updates its state. Returns when a changing file is due again.</summary>
    private async Task<DateTimeOffset> ApplyDomainAsync(DomainState state, DomainListing listing, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var retryAt = DateTimeOffset.MaxValue;
        var valid = new SortedDictionary<int, (VersionCandidate Candidate, string Sha256)>();
        var fresh = new Dictionary<int, LoadedVersion>();
        var changing = new List<VersionCandidate>();
        foreach (var candidate in listing.Versions.OrderBy(v => v.Version))
        {
            var known = await JudgeAsync(state, candidate, now, fresh, cancellationToken).ConfigureAwait(false);
            switch (known?.Verdict)
            {
                case Verdict.Valid:
                    valid[candidate.Version] = (candidate, known.Sha256!);
                    break;
                case Verdict.Changing:
                    changing.Add(candidate);
                    retryAt = known.RetryAt < retryAt ? known.RetryAt : retryAt;
                    break;
            }
        }

        var changingLocations = changing.Select(c => c.Location).ToList();
        var pinChanging = listing.Pin.Kind == PinKind.Unusable && IsChanging(listing.Pin.ChangedAt, now);
        if (pinChanging)
        {
            changingLocations.Add(listing.PinLocation);
            var pinRetry = listing.Pin.ChangedAt!.Value + _halfWrittenWindow;
            retryAt = pinRetry < retryAt ? pinRetry : retryAt;
        }

        // While the pin, or the file of the served or pinned version, is still being written, the domain keeps what it
        // serves: a half-written file must not cause a swap. Any other changing file is as if not there yet.
        var hold = !listing.Complete || pinChanging
            || changing.Any(c => c.Version == state.Served?.Version || c.Version == listing.Pin.Version);
        LoadedVersion? target = state.Served;
        string? pinProblem = null;
        while (!hold)
        {
            (var version, pinProblem) = ServedRule.Choose(listing.Pin, valid.Keys, listing.Candidate);
            if (version is not { } chosen)
            {
                target = null;
                break;
            }

            var (candidate, sha) = valid[chosen];
            target = state.Compiled(chosen, sha) ?? (fresh.TryGetValue(chosen, out var loaded) && loaded.Sha256 == sha ? loaded : null)
                ?? await CompileAgainAsync(state, candidate, now, cancellationToken).ConfigureAwait(false);
            if (target is not null)
            {
                break;
            }

            valid.Remove(chosen); // it failed when read again: choose among the rest
        }

        var (shadowCandidate, candidateProblem) = hold || IsChanging(listing.Candidate, changing, now)
            ? (state.Candidate, null)
            : await ChooseCandidateAsync(state, listing, valid, fresh, target, now, cancellationToken).ConfigureAwait(false);
        var before = state.Served;
        foreach (var problem in state.Update(listing, valid.ToDictionary(v => v.Key, v => v.Value.Sha256), target, pinProblem, changingLocations, now, shadowCandidate, candidateProblem))
        {
            RegistryLog.ListingProblem(_logger, listing.Domain, problem.File, problem.Reason);
            _metrics?.Rejected(listing.Domain, RegistryMetrics.ListingReason);
        }

        LogChange(listing.Domain, before, state.Served);
        return retryAt;
    }

    /// <summary>The candidate CANDIDATE names (compiled like any chosen version), or why there is none.</summary>
    private async Task<(LoadedVersion? Candidate, string? Problem)> ChooseCandidateAsync(
        DomainState state, DomainListing listing, SortedDictionary<int, (VersionCandidate Candidate, string Sha256)> valid,
        Dictionary<int, LoadedVersion> fresh, LoadedVersion? served, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (version, problem) = ServedRule.ChooseCandidate(listing.Candidate, valid.Keys, served?.Version);
        if (version is not { } chosen)
        {
            return (null, problem);
        }

        var (file, sha) = valid[chosen];
        var loaded = state.Compiled(chosen, sha) ?? (fresh.TryGetValue(chosen, out var f) && f.Sha256 == sha ? f : null)
            ?? await CompileAgainAsync(state, file, now, cancellationToken).ConfigureAwait(false);
        if (loaded is not null && !ReferenceEquals(loaded, state.Candidate))
        {
            RegistryLog.CandidateLoaded(_logger, listing.Domain, chosen, served?.Version);
        }

        return loaded is null ? (null, $"CANDIDATE names version {chosen}, which failed when read again; {ServedRule.NoShadow}") : (loaded, null);
    }

    // While CANDIDATE, or the candidate's file, is still being written, the domain keeps its candidate.
    private bool IsChanging(PinState candidate, List<VersionCandidate> changing, DateTimeOffset now) =>
        (candidate.Kind == PinKind.Unusable && IsChanging(candidate.ChangedAt, now))
        || (candidate.Version is { } version && changing.Any(c => c.Version == version));

    /// <summary>The verdict on one file: remembered while its fingerprint holds, else read once now.</summary>
    private async Task<KnownFile?> JudgeAsync(
        DomainState state, VersionCandidate candidate, DateTimeOffset now, Dictionary<int, LoadedVersion> fresh, CancellationToken cancellationToken)
    {
        if (_files.TryGetValue(candidate.Location, out var known) && known.Fingerprint == candidate.Fingerprint
            && (known.Verdict is Verdict.Valid or Verdict.Invalid || (known.Verdict == Verdict.Changing && now < known.RetryAt)))
        {
            return known; // a known-bad file is not re-read on every poll; a changing one waits for its change or its time
        }

        var outcome = await LoadOnceAsync(candidate, cancellationToken).ConfigureAwait(false);
        if (outcome.Status == LoadStatus.Vanished)
        {
            _files.Remove(candidate.Location);
            state.ClearError(candidate.Location);
            return null;
        }

        if (outcome.Loaded is { } loaded)
        {
            fresh[candidate.Version] = loaded;
            RegistryLog.Loaded(_logger, candidate.Domain, candidate.Version, candidate.Location, loaded.Sha256);
            known = new KnownFile(candidate.Domain, candidate.Fingerprint, Verdict.Valid, loaded.Sha256, default);
            state.ClearError(candidate.Location);
        }
        else if (IsChanging(candidate.ChangedAt, now))
        {
            // Maybe half-written: no verdict yet. Read again when it changes, or once its window has passed.
            known = new KnownFile(candidate.Domain, candidate.Fingerprint, Verdict.Changing, null, candidate.ChangedAt!.Value + _halfWrittenWindow);
            state.ClearError(candidate.Location);
        }
        else
        {
            var verdict = outcome.Status == LoadStatus.Invalid ? Verdict.Invalid : Verdict.Unavailable;
            known = new KnownFile(candidate.Domain, candidate.Fingerprint, verdict, null, default);
            if (state.RecordError(candidate.Location, outcome.Reason ?? "invalid", now))
            {
                Reject(candidate, outcome);
            }
        }

        _files[candidate.Location] = known;
        return known;
    }

    // A valid version that is not held compiled (only the served and the previous one are) is read again when chosen.
    private async Task<LoadedVersion?> CompileAgainAsync(DomainState state, VersionCandidate candidate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outcome = await LoadOnceAsync(candidate, cancellationToken).ConfigureAwait(false);
        if (outcome.Loaded is { } loaded)
        {
            _files[candidate.Location] = new KnownFile(candidate.Domain, candidate.Fingerprint, Verdict.Valid, loaded.Sha256, default);
            return loaded;
        }

        _files.Remove(candidate.Location);
        if (outcome.Status != LoadStatus.Vanished && state.RecordError(candidate.Location, outcome.Reason ?? "invalid", now))
        {
            Reject(candidate, outcome);
        }

        return null;
    }

    private void Reject(VersionCandidate candidate, LoadOutcome outcome)
    {
        RegistryLog.Rejected(_logger, candidate.Domain, candidate.Version, candidate.Location, outcome.Reason ?? "invalid");
        _metrics?.Rejected(candidate.Domain, outcome.Status == LoadStatus.Invalid ? RegistryMetrics.InvalidReason : RegistryMetrics.UnreadableReason);
    }

    private async Task<LoadOutcome> LoadOnceAsync(VersionCandidate candidate, CancellationToken cancellationToken)
    {
        try
        {
            return await _source.LoadAsync(candidate, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RegistryLog.FileFailed(_logger, ex, candidate.Location);
            return LoadOutcome.Unavailable($"could not be read ({ex.GetType().Name})");
        }
    }

    // Changed within the half-written window of now (either side: a network volume's clock may run a little ahead).
    private bool IsChanging(DateTimeOffset? changedAt, DateTimeOffset now) =>
        changedAt is { } at && (now - at).Duration() < _halfWrittenWindow;

    private void SwapIfChanged()
    {
        var current = Current;
        var served = _domains.Values.Select(d => d.Served).OfType<LoadedVersion>().Select(l => l.Weights).ToList();
        var candidates = _domains.Values.Select(d => d.Candidate).OfType<LoadedVersion>().Select(l => l.Weights).ToList();
        var unchanged = served.Count == current.Count && served.All(w => current.TryGet(w.Domain, out var c) && ReferenceEquals(c, w))
            && candidates.Count == current.CandidateCount && candidates.All(w => current.TryGetCandidate(w.Domain, out var c) && ReferenceEquals(c, w));
        if (!unchanged)
        {
            Volatile.Write(ref _current, new WeightSet(served, candidates));
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
            _metrics?.Reloaded(domain);
        }
    }

    /// <summary>What is remembered of a file: its fingerprint and verdict (weights are kept only by <see cref="DomainState"/>).</summary>
    private sealed record KnownFile(string Domain, string Fingerprint, Verdict Verdict, string? Sha256, DateTimeOffset RetryAt);
}
