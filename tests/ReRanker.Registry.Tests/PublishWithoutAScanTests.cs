namespace ReRanker.Registry.Tests;

/// <summary>A publish answers success only for a version that is served: a rescan that cannot finish takes the file back.</summary>
public sealed class PublishWithoutAScanTests : IDisposable
{
    private readonly TempRegistry _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task When_the_rescan_after_writing_cannot_finish_the_upload_is_refused_and_nothing_stays()
    {
        _dir.Write("music", 1);
        var failing = default(FailingListSource);
        await using var host = await RegistryHost.StartWrappedAsync(
            [("Registry:Path", _dir.Root), ("Registry:PollInterval", "01:00:00")], source => failing = new FailingListSource(source));

        failing!.FailListing = true;
        var result = await host.Publisher.PublishAsync("music", TempRegistry.Bytes("music", 1), CancellationToken.None);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().Be(PublishFailure.Unavailable);
        result.Errors.Should().ContainSingle().Which.Message.Should().Contain("did not serve the new version");
        File.Exists(_dir.PathOf("music", 2)).Should().BeFalse("the file that was never served is taken back");
        host.Registry.ServedVersion("music").Should().Be(1);
    }

    /// <summary>The real local source, whose listing can be made to fail (as an unreadable root would).</summary>
    private sealed class FailingListSource(LocalDirectorySource inner) : ILocalWeightSource
    {
        public bool FailListing { get; set; }

        public string Root => inner.Root;

        public string Description => inner.Description;

        public string? CircuitState => inner.CircuitState;

        public Task<SourceListing> ListAsync(CancellationToken cancellationToken) =>
            FailListing ? throw new SourceUnavailableException("the registry folder cannot be read (test)") : inner.ListAsync(cancellationToken);

        public Task<LoadOutcome> LoadAsync(VersionCandidate candidate, CancellationToken cancellationToken) => inner.LoadAsync(candidate, cancellationToken);

        public void WaitForChange(TimeSpan pollInterval, CancellationToken cancellationToken) => inner.WaitForChange(pollInterval, cancellationToken);

        public void Dispose() => inner.Dispose();
    }
}
