namespace ReRanker.Registry.Tests;

/// <summary>CANDIDATE: a version loaded beside the served one, never served; set, cleared, promoted and pinned by the publisher.</summary>
public sealed class CandidateTests : IDisposable
{
    private readonly TempRegistry _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_candidate_newer_than_every_version_is_loaded_beside_the_served_one_and_never_served()
    {
        _dir.Write("music", 1);
        _dir.Write("music", 2, bias: 0.5);
        File.WriteAllText(Path.Combine(_dir.Root, "music", "CANDIDATE"), "2\n");
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);

        host.Registry.ServedVersion("music").Should().Be(1, "the highest version that is not the candidate is served");
        host.Registry.Current.TryGetCandidate("music", out var candidate).Should().BeTrue();
        candidate!.Version.Should().Be(2);
        candidate.Bias.Should().Be(0.5);
        var status = host.Registry.GetStatus().Domains.Single();
        status.CandidateVersion.Should().Be(2);
        status.CandidateSha256.Should().MatchRegex("^[0-9a-f]{64}$");
        status.Errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData("7", "CANDIDATE names version 7, which is missing or invalid; no shadow ranking")]
    [InlineData("1", "CANDIDATE names version 1, which is the served version; no shadow ranking")]
    [InlineData("two", "CANDIDATE must hold one version number")]
    public async Task A_bad_candidate_is_a_rejection_in_the_status_and_changes_nothing_served(string content, string reason)
    {
        _dir.Write("music", 1);
        _dir.Pin("music", "1"); // a pin serves its version even when CANDIDATE names it
        File.WriteAllText(Path.Combine(_dir.Root, "music", "CANDIDATE"), content);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root, ("Registry:HalfWrittenRetryWindow", "00:00:00"));

        host.Registry.ServedVersion("music").Should().Be(1);
        host.Registry.Current.CandidateCount.Should().Be(0);
        var status = host.Registry.GetStatus().Domains.Single();
        status.CandidateVersion.Should().BeNull();
        status.Errors.Should().ContainSingle().Which.Reason.Should().StartWith(reason);
        status.Errors[0].File.Should().EndWith("CANDIDATE");
    }

    [Fact]
    public async Task A_candidate_that_is_the_only_version_is_not_served_and_the_default_policy_applies()
    {
        _dir.Write("music", 1);
        File.WriteAllText(Path.Combine(_dir.Root, "music", "CANDIDATE"), "1");
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);

        host.Registry.ServedVersion("music").Should().BeNull();
        host.Registry.Current.TryGetCandidate("music", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Setting_a_candidate_refuses_an_unknown_or_served_version_and_clearing_removes_it()
    {
        _dir.Write("music", 1);
        _dir.Write("music", 2);
        _dir.Pin("music", "1");
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);

        (await host.Publisher.SetCandidateAsync("music", 9, CancellationToken.None)).Failure.Should().Be(PublishFailure.NotFound);
        var served = await host.Publisher.SetCandidateAsync("music", 1, CancellationToken.None);
        served.Failure.Should().Be(PublishFailure.Conflict);
        served.Errors.Single().Field.Should().Be("version");
        (await host.Publisher.SetCandidateAsync("radio", 1, CancellationToken.None)).Failure.Should().Be(PublishFailure.NotFound);

        (await host.Publisher.SetCandidateAsync("music", 2, CancellationToken.None)).Succeeded.Should().BeTrue();
        host.Registry.Current.TryGetCandidate("music", out _).Should().BeTrue();
        File.ReadAllText(Path.Combine(_dir.Root, "music", "CANDIDATE")).Trim().Should().Be("2");

        (await host.Publisher.SetCandidateAsync("music", null, CancellationToken.None)).Succeeded.Should().BeTrue();
        host.Registry.Current.CandidateCount.Should().Be(0);
        File.Exists(Path.Combine(_dir.Root, "music", "CANDIDATE")).Should().BeFalse();
    }

    [Fact]
    public async Task An_uploaded_candidate_is_stored_as_the_next_version_without_being_served()
    {
        _dir.Write("music", 1);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);

        var result = await host.Publisher.PublishCandidateAsync("music", TempRegistry.Bytes("music", 1, bias: 0.25), CancellationToken.None);

        result.Version.Should().Be(2);
        host.Registry.ServedVersion("music").Should().Be(1);
        host.Registry.Current.TryGetCandidate("music", out var candidate).Should().BeTrue();
        candidate!.Bias.Should().Be(0.25);
    }

    [Fact]
    public async Task Promoting_publishes_the_candidate_as_the_next_version_serves_it_and_removes_CANDIDATE()
    {
        _dir.Write("music", 1);
        _dir.Write("music", 2, bias: 0.25);
        _dir.Write("music", 3);
        File.WriteAllText(Path.Combine(_dir.Root, "music", "CANDIDATE"), "2");
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);
        host.Registry.ServedVersion("music").Should().Be(3);

        var result = await host.Publisher.PromoteAsync("music", CancellationToken.None);

        result.Version.Should().Be(4, "the upload's path numbers it after every version in use");
        host.Registry.ServedVersion("music").Should().Be(4);
        host.Registry.Current.TryGet("music", out var served).Should().BeTrue();
        served!.Bias.Should().Be(0.25);
        host.Registry.Current.CandidateCount.Should().Be(0);
        File.Exists(Path.Combine(_dir.Root, "music", "CANDIDATE")).Should().BeFalse();
        host.Registry.GetStatus().Domains.Single().PreviousVersion.Should().Be(3);

        (await host.Publisher.PromoteAsync("music", CancellationToken.None)).Errors.Single().Field.Should().Be("candidate");
    }

    [Fact]
    public async Task Pinning_serves_the_named_version_and_refuses_an_unknown_one()
    {
        _dir.Write("music", 1);
        _dir.Write("music", 2);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);

        (await host.Publisher.PinAsync("music", 5, CancellationToken.None)).Failure.Should().Be(PublishFailure.NotFound);
        (await host.Publisher.PinAsync("music", 1, CancellationToken.None)).Succeeded.Should().BeTrue();

        host.Registry.ServedVersion("music").Should().Be(1);
        File.ReadAllText(Path.Combine(_dir.Root, "music", "PINNED")).Trim().Should().Be("1");
    }
}
