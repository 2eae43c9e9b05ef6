using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ReRanker.Api.DecisionLog;
using ReRanker.Api.Infrastructure;
using ReRanker.Api.Scoring;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Scoring;

namespace ReRanker.Api.Shadow;

/// <summary>What the shadow rankings of one domain's candidate showed since this process first ranked with it.</summary>
/// <param name="CandidateVersion">The candidate these figures are about (they restart when the candidate changes).</param>
/// <param name="Requests">Rankings (requests and batch items) that involved the domain while it held this candidate.</param>
/// <param name="TopChanges">Of those, rankings whose top-1 hypothesis the candidate would have changed.</param>
/// <param name="ProbabilityChangeSum">Σ |candidate − served| reported probability of the served top-1 hypothesis.</param>
public sealed record ShadowTally(int CandidateVersion, long Requests, long TopChanges, double ProbabilityChangeSum)
{
    /// <summary>TopChanges / Requests; null before the first request.</summary>
    public double? TopChangeRate => Requests == 0 ? null : (double)TopChanges / Requests;

    /// <summary>ProbabilityChangeSum / Requests; null before the first request.</summary>
    public double? MeanAbsoluteProbabilityChange => Requests == 0 ? null : ProbabilityChangeSum / Requests;
}

/// <summary>
/// Counts, per domain, the shadow rankings of its candidate (Core's <see cref="ShadowRanking"/>): requests, top-1
/// changes and the absolute change of the served top-1 hypothesis's reported probability, as meters of "ReRanker.Api"
/// (<c>reranker_shadow_*</c>) and as the figures of <c>GET /v1/domains/{domain}</c>. Costs nothing for a ranking without
/// shadows; one short lock per shadow otherwise. The meters are observable counters read from the same totals at
/// collection time, so a ranking updates no meter of its own (three counter updates per candidate domain of every
/// request were most of the shadows' cost).
/// </summary>
internal sealed class ShadowFigures : IDecisionObserver
{
    private readonly ConcurrentDictionary<string, DomainShadows> _byDomain = new(StringComparer.Ordinal);

    public ShadowFigures(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(ApiMetrics.MeterName);
        meter.CreateObservableCounter(
            "reranker.shadow.requests", () => Measure(static t => t.Requests), "{request}",
            "Rankings that involved a domain holding a candidate, by domain (each was also ranked with the candidate).");
        meter.CreateObservableCounter(
            "reranker.shadow.top1_changes", () => Measure(static t => t.TopChanges), "{request}",
            "Shadow rankings whose top-1 hypothesis differs from the served one, by domain.");
        meter.CreateObservableCounter(
            "reranker.shadow.probability_change", () => Measure(static t => t.ProbabilityChangeSum), "1",
            "Sum over shadow rankings of |candidate − served| reported probability of the served top-1 hypothesis, by domain; divided by reranker.shadow.requests it is the mean absolute change.");
    }

    /// <summary>The figures of <paramref name="domain"/>'s current candidate, or null when it was never ranked with one.</summary>
    public ShadowTally? For(string domain, int? candidateVersion) =>
        candidateVersion is { } version && _byDomain.TryGetValue(domain, out var shadows) && shadows.Current() is { } current && current.CandidateVersion == version
            ? current
            : candidateVersion is { } v ? new ShadowTally(v, 0, 0, 0) : null;

    public void Decided(Ranking ranking)
    {
        foreach (var shadow in ranking.Shadows)
        {
            _byDomain.GetOrAdd(shadow.Domain, static _ => new DomainShadows()).Add(shadow.CandidateVersion, shadow.TopChanged, shadow.ProbabilityChange);
        }
    }

    public void FeedbackReceived(string requestId, FeedbackOutcome outcome)
    {
        // Shadow figures come from rankings alone.
    }

    private IEnumerable<Measurement<T>> Measure<T>(Func<ShadowTally, T> value)
        where T : struct
    {
        foreach (var (domain, shadows) in _byDomain)
        {
            yield return new Measurement<T>(value(shadows.SinceStart()), new KeyValuePair<string, object?>("domain", domain));
        }
    }

    /// <summary>One domain's figures: of its current candidate (restarting when the candidate changes) and since the process started (the meters).</summary>
    private sealed class DomainShadows
    {
        private readonly Lock _lock = new();
        private int _version;
        private long _requests;
        private long _topChanges;
        private double _probabilityChangeSum;
        private long _allRequests;
        private long _allTopChanges;
        private double _allProbabilityChangeSum;

        public void Add(int candidateVersion, bool topChanged, double probabilityChange)
        {
            var change = topChanged ? 1 : 0;
            lock (_lock)
            {
                if (_version != candidateVersion)
                {
                    (_version, _requests, _topChanges, _probabilityChangeSum) = (candidateVersion, 0, 0, 0);
                }

                _requests++;
                _topChanges += change;
                _probabilityChangeSum += probabilityChange;
                _allRequests++;
                _allTopChanges += change;
                _allProbabilityChangeSum += probabilityChange;
            }
        }

        public ShadowTally? Current()
        {
            lock (_lock)
            {
                return _requests == 0 ? null : new ShadowTally(_version, _requests, _topChanges, _probabilityChangeSum);
            }
        }

        public ShadowTally SinceStart()
        {
            lock (_lock)
            {
                return new ShadowTally(0, _allRequests, _allTopChanges, _allProbabilityChangeSum);
            }
        }
    }
}
