using System.Diagnostics.Metrics;

namespace ReRanker.Registry;

/// <summary>
/// The "ReRanker.Registry" meter (docs/observability.md): the served version per domain, reloads and rejected files
/// per domain, and the source's reachability, circuit state and staleness. Domain labels are the registry's own
/// domain names (valid names found in the source), never client text; the rejection reason is one of
/// <see cref="RejectionReasons"/>. The gauges read the published status, so a scrape never takes the registry's lock.
/// </summary>
public sealed class RegistryMetrics
{
    public const string MeterName = "ReRanker.Registry";

    /// <summary>The file's content is not a valid weight file for its domain (remembered until the file changes).</summary>
    public const string InvalidReason = "invalid";

    /// <summary>The file could not be read or fetched, or its bytes differ from the index's sha256 (read again next scan).</summary>
    public const string UnreadableReason = "unreadable";

    /// <summary>The listing itself is wrong: a bad index entry, a duplicate version, a pin that names no version.</summary>
    public const string ListingReason = "listing";

    /// <summary>Every value of the <c>reason</c> label.</summary>
    public static IReadOnlyList<string> RejectionReasons { get; } = [InvalidReason, UnreadableReason, ListingReason];

    private readonly Counter<long> _reloads;
    private readonly Counter<long> _rejected;
    private readonly TimeProvider _time;
    private Func<RegistryStatus>? _status;

    public RegistryMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _time = time;
        var meter = meterFactory.Create(MeterName);
        _reloads = meter.CreateCounter<long>(
            "reranker.registry.reloads", "{reload}", "Times a domain started serving a version (the first load included), by domain.");
        _rejected = meter.CreateCounter<long>(
            "reranker.registry.rejected_files", "{file}",
            "Files (or index entries) rejected, by domain and reason (invalid, unreadable, listing); each rejection counted once while its cause lasts.");
        meter.CreateObservableGauge(
            "reranker.registry.served_version", ServedVersions, null, "The version each domain serves (domains serving none have no series).");
        meter.CreateObservableGauge(
            "reranker.registry.source.reachable", Reachable, null,
            "1 while the registry's source can be read, 0 while it cannot (the last good weights keep serving).");
        meter.CreateObservableGauge(
            "reranker.registry.circuit.state", CircuitStates, null,
            "HTTP source only: 1 for the circuit breaker's current state (closed, open, half-open, isolated), 0 for the others.");
        meter.CreateObservableGauge(
            "reranker.registry.staleness", Staleness, "s", "Seconds since the source was last read successfully (absent before the first successful scan).");
    }

    /// <summary>Where the gauges read the status from (the manager, once).</summary>
    internal void Observe(Func<RegistryStatus> status) => _status = status;

    internal void Reloaded(string domain)
    {
        if (_reloads.Enabled)
        {
            _reloads.Add(1, new KeyValuePair<string, object?>("domain", domain));
        }
    }

    internal void Rejected(string domain, string reason)
    {
        if (_rejected.Enabled)
        {
            _rejected.Add(1, new KeyValuePair<string, object?>("domain", domain), new KeyValuePair<string, object?>("reason", reason));
        }
    }

    private RegistryStatus? Status() => _status?.Invoke();

    private IEnumerable<Measurement<int>> ServedVersions() =>
        Status() is { } status
            ? status.Domains.Where(d => d.ServedVersion is not null).Select(d => new Measurement<int>(d.ServedVersion!.Value, new KeyValuePair<string, object?>("domain", d.Domain)))
            : [];

    private IEnumerable<Measurement<int>> Reachable() =>
        Status() is { } status ? [new Measurement<int>(status.SourceReachable ? 1 : 0)] : [];

    private IEnumerable<Measurement<int>> CircuitStates() =>
        Status()?.CircuitState is { } current
            ? RegistryCircuit.StateNames.Select(name => new Measurement<int>(name == current ? 1 : 0, new KeyValuePair<string, object?>("state", name)))
            : [];

    private IEnumerable<Measurement<double>> Staleness() =>
        Status()?.StalenessAt(_time.GetUtcNow()) is { } staleness ? [new Measurement<double>(Math.Max(0, staleness.TotalSeconds))] : [];
}
