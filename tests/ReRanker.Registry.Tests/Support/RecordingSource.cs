using System.Collections.Concurrent;
using ReRanker.Registry;

namespace ReRanker.Registry.Tests;

/// <summary>Wraps a real source and records every file it was asked to read, so tests can count and locate reads.</summary>
internal sealed class RecordingSource(IWeightSource inner) : IWeightSource
{
    public ConcurrentQueue<string> Reads { get; } = new();

    public string Description => inner.Description;

    public string? CircuitState => inner.CircuitState;

    public Task<SourceListing> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public Task<LoadOutcome> LoadAsync(VersionCandidate candidate, CancellationToken cancellationToken)
    {
        Reads.Enqueue(candidate.ReadFrom);
        return inner.LoadAsync(candidate, cancellationToken);
    }

    public void WaitForChange(TimeSpan pollInterval, CancellationToken cancellationToken) => inner.WaitForChange(pollInterval, cancellationToken);

    public void Dispose() => inner.Dispose();
}
