using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Options;
using ReRanker.Api.DecisionLog;
using ReRanker.Api.Infrastructure;
using ReRanker.Api.Scoring;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Scoring;
using ReRanker.Registry;

namespace ReRanker.Api.Rollback;

/// <summary>A rollback the watcher made (or tried): what, when and why, for the domain view.</summary>
public sealed record RollbackRecord(int FromVersion, int ToVersion, DateTimeOffset At, bool Done, string Reason);

/// <summary>What the watcher knows of one domain: the served and previous version's defect counts and its last rollback.</summary>
public sealed record RollbackWatch(
    int ServedVersion, int? PreviousVersion, DefectCount Served, DefectCount Previous, RollbackRecord? LastRollback);

/// <summary>
/// Rolls a domain back when users complain about its newly served version (docs/registry.md). Each ranking the domain
/// won (top-1 scored by its weights) is remembered by request id; each feedback on it counts for that (domain, version),
/// a defect when rephrased, barge-in or abandoned. When the version now served has at least MinFeedback events, and the
/// version served before it too, and <see cref="DefectShareTest"/> finds it worse, PINNED is written naming the previous
/// version through the registry's publisher (<see cref="IWeightPublisher.PinAsync"/>), off the request thread.
/// Costs nothing while off.
/// </summary>
internal sealed class RollbackWatcher : IDecisionObserver
{
    private readonly RollbackOptions _options;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger<RollbackWatcher> _logger;
    private readonly Counter<long> _rollbacks;
    private readonly ConcurrentDictionary<string, (string Domain, int Version)> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly ConcurrentDictionary<string, int> _servedSeen = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    // Below: under _lock.
    private readonly Dictionary<(string Domain, int Version), DefectCount> _counts = [];
    private readonly Dictionary<string, (int Served, int? Previous)> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RollbackRecord> _lastRollback = new(StringComparer.Ordinal);
    private readonly HashSet<string> _rollingBack = new(StringComparer.Ordinal);

    public RollbackWatcher(IOptions<RollbackOptions> options, IServiceProvider services, TimeProvider time, IMeterFactory meters, ILogger<RollbackWatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        _options = options.Value;
        _services = services;
        _time = time;
        _logger = logger;
        _rollbacks = meters.Create(ApiMetrics.MeterName).CreateCounter<long>(
            "reranker.rollbacks", "{rollback}", "Domains the rollback watcher pinned back to their previous version, by domain.");
        if (_options.Enabled)
        {
            RollbackLog.Watching(logger, _options.MinFeedback, _options.Tolerance, _options.Confidence);
        }
    }

    /// <summary>The task of the rollback in progress, if any (tests wait on it).</summary>
    internal Task Pending { get; private set; } = Task.CompletedTask;

    public RollbackWatch? For(string domain)
    {
        lock (_lock)
        {
            if (!_versions.TryGetValue(domain, out var versions))
            {
                return _lastRollback.TryGetValue(domain, out var only) ? new RollbackWatch(only.ToVersion, null, default, default, only) : null;
            }

            return new RollbackWatch(
                versions.Served, versions.Previous, _counts.GetValueOrDefault((domain, versions.Served)),
                versions.Previous is { } p ? _counts.GetValueOrDefault((domain, p)) : default, _lastRollback.GetValueOrDefault(domain));
        }
    }

    public void Decided(Ranking ranking)
    {
        if (!_options.Enabled || ranking.Ranked.Length == 0 || ranking.Ranked[0] is not { Method: ScoringMethod.Weights, WeightsVersion: { } version } top)
        {
            return;
        }

        var domain = ranking.Hypotheses[top.Index].Domain;
        if (!_servedSeen.TryGetValue(domain, out var seen) || seen != version)
        {
            NoteServed(domain, version);
        }

        if (_requests.TryAdd(ranking.RequestId, (domain, version)))
        {
            _order.Enqueue(ranking.RequestId);
            while (_requests.Count > _options.TrackedRequests && _order.TryDequeue(out var oldest))
            {
                _requests.TryRemove(oldest, out _);
            }
        }
    }

    public void FeedbackReceived(string requestId, FeedbackOutcome outcome)
    {
        if (!_options.Enabled || !_requests.TryRemove(requestId, out var decided))
        {
            return;
        }

        (int From, int To, DefectCount Served, DefectCount Previous, double Z)? rollback = null;
        lock (_lock)
        {
            var key = (decided.Domain, decided.Version);
            var count = _counts.GetValueOrDefault(key);
            _counts[key] = new DefectCount(count.Feedback + 1, count.Defects + (FeedbackOutcomes.MeansServedWrong(outcome) ? 1 : 0));
            if (_versions.TryGetValue(decided.Domain, out var versions) && versions.Served == decided.Version && versions.Previous is { } previous
                && !_rollingBack.Contains(decided.Domain))
            {
                var served = _counts[key];
                var before = _counts.GetValueOrDefault((decided.Domain, previous));
                if (served.Feedback >= _options.MinFeedback && before.Feedback >= _options.MinFeedback
                    && DefectShareTest.IsWorse(served, before, _options.Tolerance, _options.Confidence))
                {
                    _rollingBack.Add(decided.Domain);
                    rollback = (decided.Version, previous, served, before, DefectShareTest.Z(served, before, _options.Tolerance));
                }
            }
        }

        if (rollback is { } r)
        {
            Pending = Task.Run(() => RollBackAsync(decided.Domain, r.From, r.To, r.Served, r.Previous, r.Z));
        }
    }

    // The first time a domain wins with a version other than the one last seen: that version is now served.
    private void NoteServed(string domain, int version)
    {
        lock (_lock)
        {
            if (_versions.TryGetValue(domain, out var versions))
            {
                if (versions.Served == version)
                {
                    return;
                }

                _versions[domain] = (version, versions.Served);
            }
            else
            {
                _versions[domain] = (version, null);
            }

            _servedSeen[domain] = version;
        }
    }

    private async Task RollBackAsync(string domain, int from, int to, DefectCount served, DefectCount previous, double z)
    {
        var critical = DefectShareTest.Critical(_options.Confidence);
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"defect share {served.Share:F4} of {served.Feedback} feedback under version {from} vs {previous.Share:F4} of {previous.Feedback} under version {to}: " +
            $"z {z:F2} ≥ {critical:F2} (one-sided, confidence {_options.Confidence}, tolerance {_options.Tolerance})");
        RollbackRecord record;
        try
        {
            var publisher = _services.GetService<IWeightPublisher>();
            var result = publisher is null
                ? PublishResult.Refused(PublishFailure.Conflict, "source", "this registry cannot be written")
                : await publisher.PinAsync(domain, to, CancellationToken.None).ConfigureAwait(false);
            if (result.Succeeded)
            {
                RollbackLog.RolledBack(_logger, domain, from, to, served.Share, served.Feedback, previous.Share, previous.Feedback, z, critical, _options.Tolerance);
                _rollbacks.Add(1, new KeyValuePair<string, object?>("domain", domain));
                record = new RollbackRecord(from, to, _time.GetUtcNow(), true, reason);
            }
            else
            {
                var why = string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}"));
                RollbackLog.RollbackFailed(_logger, domain, from, to, why);
                record = new RollbackRecord(from, to, _time.GetUtcNow(), false, $"{reason}; PINNED could not be written: {why}");
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            RollbackLog.RollbackFailed(_logger, domain, from, to, ex.GetType().Name);
            record = new RollbackRecord(from, to, _time.GetUtcNow(), false, $"{reason}; PINNED could not be written ({ex.GetType().Name})");
        }

        lock (_lock)
        {
            _lastRollback[domain] = record;
            if (record.Done)
            {
                // Served again from the previous version: the next decisions note it; the counts of both stay.
                _versions[domain] = (to, from);
                _servedSeen[domain] = to;
            }

            _rollingBack.Remove(domain);
        }
    }
}
