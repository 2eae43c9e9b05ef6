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
/// shadows; one short lock per shadow otherwise.
/// </summary>
internal sealed class ShadowFigures : IDecisionObserver
{
    private readonly ConcurrentDictionary<string, Accumulator> _byDomain = new(StringComparer.Ordinal);
    private readonly Counter<long> _requests;
    private readonly Counter<long> _topChanges;
    private readonly Counter<double> _probabilityChange;

    public ShadowFigures(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(ApiMetrics.MeterName);
        _requests = meter.CreateCounter<long>(
            "reranker.shadow.requests", "{request}", "Rankings that involved a domain holding a candidate, by domain (each was also ranked with the candidate).");
        _topChanges = meter.CreateCounter<long>(
            "reranker.shadow.top1_changes", "{request}", "Shadow rankings whose top-1 hypothesis differs from the served one, by domain.");
        _probabilityChange = meter.CreateCounter<double>(
            "reranker.shadow.probability_change", "1",
            "Sum over shadow rankings of |candidate − served| reported probability of the served top-1 hypothesis, by domain; divided by reranker.shadow.requests it is the mean absolute change.");
    }

    /// <summary>The figures of <paramref name="domain"/>'s current candidate, or null when it was never ranked with one.</summary>
    public ShadowTally? For(string domain, int? candidateVersion) =>
        candidateVersion is { } version && _byDomain.TryGetValue(domain, out var accumulator) && accumulator.Version == version
            ? accumulator.Snapshot()
            : candidateVersion is { } v ? new ShadowTally(v, 0, 0, 0) : null;

    public void Decided(Ranking ranking)
    {
        foreach (var shadow in ranking.Shadows)
        {
            var accumulator = _byDomain.GetOrAdd(shadow.Domain, static (_, v) => new Accumulator(v), shadow.CandidateVersion);
            if (accumulator.Version != shadow.CandidateVersion)
            {
                // A new candidate: its figures start from zero.
                accumulator = _byDomain.AddOrUpdate(
                    shadow.Domain, static (_, v) => new Accumulator(v),
                    static (_, old, v) => old.Version == v ? old : new Accumulator(v), shadow.CandidateVersion);
            }

            accumulator.Add(shadow.TopChanged, shadow.ProbabilityChange);
            var tag = new KeyValuePair<string, object?>("domain", shadow.Domain);
            _requests.Add(1, tag);
            if (shadow.TopChanged)
            {
                _topChanges.Add(1, tag);
            }

            _probabilityChange.Add(shadow.ProbabilityChange, tag);
        }
    }

    public void FeedbackReceived(string requestId, FeedbackOutcome outcome)
    {
        // Shadow figures come from rankings alone.
    }

    private sealed class Accumulator(int version)
    {
        private readonly Lock _lock = new();
        private long _requests;
        private long _topChanges;
        private double _probabilityChangeSum;

        public int Version { get; } = version;

        public void Add(bool topChanged, double probabilityChange)
        {
            lock (_lock)
            {
                _requests++;
                _topChanges += topChanged ? 1 : 0;
                _probabilityChangeSum += probabilityChange;
            }
        }

        public ShadowTally Snapshot()
        {
            lock (_lock)
            {
                return new ShadowTally(Version, _requests, _topChanges, _probabilityChangeSum);
            }
        }
    }
}
