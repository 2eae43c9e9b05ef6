using System.Diagnostics.Metrics;
using ReRanker.Api.Logging;
using ReRanker.Api.Scoring;
using ReRanker.Core.Scoring;

namespace ReRanker.Api.Infrastructure;

/// <summary>
/// The "ReRanker.Api" meter (docs/observability.md): hypotheses ranked per domain and by how, requests naming
/// domains without weights, and the log queue. Requests and latency per route and status come from ASP.NET Core's
/// own "Microsoft.AspNetCore.Hosting" meter, not from here. One ranking costs one counter update per distinct
/// (domain, scored_by) pair of the request, not one per hypothesis, and nothing while no listener is attached.
/// </summary>
public sealed class ApiMetrics
{
    public const string MeterName = "ReRanker.Api";

    private const int CountInline = 64;

    private readonly Counter<long> _hypotheses;
    private readonly Counter<long> _unweightedDomainRequests;
    private readonly DomainLabels _labels = new();

    public ApiMetrics(IMeterFactory meterFactory, LogQueueMonitor logQueue)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(logQueue);
        var meter = meterFactory.Create(MeterName);
        _hypotheses = meter.CreateCounter<long>(
            "reranker.hypotheses", "{hypothesis}",
            "Hypotheses ranked, by domain and by how they were scored: weights, unweighted (no weights, product of confidences) or rejected (no weights, Reject policy).");
        _unweightedDomainRequests = meter.CreateCounter<long>(
            "reranker.unweighted_domain.requests", "{request}",
            "Rankings (single requests and batch items) naming a domain that has no served weights, by that domain; a misspelt domain shows here.");
        meter.CreateObservableCounter(
            "reranker.log.events.dropped", () => logQueue.DroppedEvents, "{event}",
            "Log events dropped because the background log queue was full (requests never wait for the console).");
        meter.CreateObservableUpDownCounter(
            "reranker.log.queue.events", () => logQueue.QueuedEvents, "{event}",
            "Log events waiting in the background queue for the console.");
    }

    /// <summary>Counts one ranking's hypotheses per (domain, scored_by) and its domains without weights.</summary>
    public void Record(Ranking ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        if (_unweightedDomainRequests.Enabled)
        {
            foreach (var domain in ranking.UnweightedDomains)
            {
                _unweightedDomainRequests.Add(1, new KeyValuePair<string, object?>("domain", _labels.ForUnweighted(domain)));
            }
        }

        if (_hypotheses.Enabled)
        {
            RecordHypotheses(ranking);
        }
    }

    private void RecordHypotheses(Ranking ranking)
    {
        var hypotheses = ranking.Hypotheses;
        var count = hypotheses.Count;
        Span<ScoredBy> how = count <= CountInline ? stackalloc ScoredBy[count] : new ScoredBy[count];
        foreach (var scored in ranking.Ranked)
        {
            how[scored.Index] = scored.Method == ScoringMethod.Weights ? ScoredBy.Weights : ScoredBy.Unweighted;
        }

        foreach (var index in ranking.Rejected)
        {
            how[index] = ScoredBy.Rejected;
        }

        // Group equal (domain, scored_by) pairs; requests hold a handful of domains, so a quadratic scan is cheapest.
        for (var i = 0; i < count; i++)
        {
            if (how[i] == ScoredBy.Counted)
            {
                continue;
            }

            var domain = hypotheses[i].Domain;
            var kind = how[i];
            var n = 1;
            for (var j = i + 1; j < count; j++)
            {
                if (how[j] == kind && string.Equals(hypotheses[j].Domain, domain, StringComparison.Ordinal))
                {
                    how[j] = ScoredBy.Counted;
                    n++;
                }
            }

            var label = kind == ScoredBy.Weights ? domain : _labels.ForUnweighted(domain);
            _hypotheses.Add(n, new KeyValuePair<string, object?>("domain", label), new KeyValuePair<string, object?>("scored_by", NameOf(kind)));
        }
    }

    private static string NameOf(ScoredBy kind) => kind switch
    {
        ScoredBy.Weights => "weights",
        ScoredBy.Unweighted => "unweighted",
        _ => "rejected",
    };

    private enum ScoredBy : byte
    {
        Weights,
        Unweighted,
        Rejected,
        Counted,
    }
}

/// <summary>
/// Label values for domains without weights, which come from clients: the first <see cref="Capacity"/> distinct names
/// keep their own label, later ones share <see cref="Other"/>, so no client can grow the number of series without
/// bound. Domains with weights are named by the registry and always keep their name.
/// </summary>
internal sealed class DomainLabels
{
    public const int Capacity = 100;

    public const string Other = "_other";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _seen = new(StringComparer.Ordinal);

    public string ForUnweighted(string domain)
    {
        if (_seen.TryGetValue(domain, out var label))
        {
            return label;
        }

        // Count can overshoot by a few under a race; the bound stays small either way.
        return _seen.Count < Capacity ? _seen.GetOrAdd(domain, domain) : Other;
    }
}
