using ReRanker.Registry;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;

namespace ReRanker.Api.Tests.Support;

/// <summary>
/// In-memory test double of the registry and publisher: serves whatever weights a test sets, counts
/// snapshot reads, and publishes valid uploads as the next version.
/// </summary>
internal sealed class FakeWeightRegistry : IWeightRegistry, IWeightPublisher
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<int>> _versions = new(StringComparer.Ordinal);
    private WeightSet _current = WeightSet.Empty;
    private int _snapshotReads;

    public FakeWeightRegistry(params WeightFile[] files)
    {
        foreach (var file in files)
        {
            Serve(file);
        }
    }

    public WeightSet Current
    {
        get
        {
            Interlocked.Increment(ref _snapshotReads);
            return Volatile.Read(ref _current);
        }
    }

    public int SnapshotReads => Volatile.Read(ref _snapshotReads);

    public bool IsReady { get; set; } = true;

    public int Reloads { get; private set; }

    /// <summary>Simulates a bug in the registry: GetStatus throws.</summary>
    public bool FailStatus { get; set; }

    public void Serve(WeightFile file)
    {
        lock (_gate)
        {
            Volatile.Write(ref _current, _current.With(new DomainWeights(file)));
            if (!_versions.TryGetValue(file.Domain, out var versions))
            {
                _versions[file.Domain] = versions = [];
            }

            versions.Add(file.Version);
        }
    }

    public RegistryStatus GetStatus()
    {
        if (FailStatus)
        {
            throw new InvalidOperationException("simulated registry bug");
        }

        lock (_gate)
        {
            var domains = _versions.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v =>
            {
                _current.TryGet(v.Key, out var served);
                return new DomainStatus(v.Key, served?.Version, "00", DateTimeOffset.UnixEpoch, "memory", null, v.Value.Order().ToArray(), null);
            }).ToArray();
            return new RegistryStatus("memory:test", true, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, domains);
        }
    }

    public Task<RegistryStatus> ReloadAsync(CancellationToken cancellationToken)
    {
        Reloads++;
        return Task.FromResult(GetStatus());
    }

    // Candidates and pins are tested against the real registry (CandidateEndpointTests, RollbackWatcherTests).
    public Task<PublishResult> PublishCandidateAsync(string domain, ReadOnlyMemory<byte> weightFile, CancellationToken cancellationToken) => NotHere();

    public Task<PublishResult> SetCandidateAsync(string domain, int? version, CancellationToken cancellationToken) => NotHere();

    public Task<PublishResult> PromoteAsync(string domain, CancellationToken cancellationToken) => NotHere();

    public Task<PublishResult> PinAsync(string domain, int version, CancellationToken cancellationToken) => NotHere();

    private static Task<PublishResult> NotHere() =>
        Task.FromResult(PublishResult.Refused(PublishFailure.Conflict, "source", "the fake registry holds no candidates or pins"));

    public Task<PublishResult> PublishAsync(string domain, ReadOnlyMemory<byte> weightFile, CancellationToken cancellationToken)
    {
        var read = WeightFileLoader.ValidateUpload(weightFile.Span, domain);
        if (!read.IsValid)
        {
            return Task.FromResult(new PublishResult(null, read.Errors));
        }

        int next;
        lock (_gate)
        {
            next = _versions.TryGetValue(domain, out var versions) ? versions.Max() + 1 : 1;
        }

        Serve(read.File! with { Version = next });
        return Task.FromResult(new PublishResult(next, []));
    }
}
