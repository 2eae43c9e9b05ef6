using ReRanker.Tests.Shared.Registry;

namespace ReRanker.Registry.Tests;

/// <summary>
/// The hostile folders of <see cref="HostileRegistry"/>: the service's registry and the trainer's one-shot scan serve
/// exactly the versions the served rule gives, every bad file is refused on its own with its reason, and nothing in
/// them stops the other domains, a reload, an upload or a stop.
/// </summary>
public sealed class HostileFolderTests : IDisposable
{
    private readonly TempRegistry _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_service_and_the_trainer_serve_the_same_versions_of_a_hostile_registry_the_ones_the_rule_gives()
    {
        var expected = HostileRegistry.Create(_dir.Root, _dir.Outside);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root, ("Registry:HalfWrittenRetryWindow", "00:00:00.300"));
        await Wait.UntilAsync(() => host.Registry.GetStatus().IsSettled(), "every file has its verdict");

        var service = host.Registry.GetStatus().ServedVersions();
        var trainer = (await RegistryFolder.ScanAsync(_dir.Root)).Status.ServedVersions();

        service.Should().Equal(expected);
        trainer.Should().Equal(expected);
        host.Registry.Current.Domains.Should().BeEquivalentTo(expected.Where(e => e.Value is not null).Select(e => e.Key));
    }

    [Fact]
    public async Task Each_bad_file_is_refused_on_its_own_with_its_reason_in_the_status()
    {
        HostileRegistry.Create(_dir.Root, _dir.Outside);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root, ("Registry:HalfWrittenRetryWindow", "00:00:00.300"));
        await Wait.UntilAsync(() => host.Registry.GetStatus().IsSettled(), "every file has its verdict");

        using (new FluentAssertions.Execution.AssertionScope())
        {
            foreach (var file in HostileRegistry.Files)
            {
                var domain = host.Registry.Domain(HostileRegistry.DomainOf(file))!;
                domain.ServedVersion.Should().Be(1, file.Name);
                domain.Errors.Should().ContainSingle(file.Name).Which.Should().Match<RegistryError>(
                    e => e.File == Path.Combine(_dir.Root, domain.Domain, "2.json") && e.Reason.Contains(file.Reason, StringComparison.Ordinal), file.Name);
            }

            host.Registry.Domain("pin-fifo")!.LastError!.Reason.Should().Contain("PINNED is a FIFO").And.Contain("no version is served");
            host.Registry.Domain("pin-garbage")!.LastError!.Reason.Should().Contain("not 'two'");
        }
    }

    [Fact]
    public async Task While_the_hostile_files_sit_there_other_domains_update_and_reload_upload_and_stop_all_finish()
    {
        HostileRegistry.Create(_dir.Root, _dir.Outside);
        _dir.Write("weather", 1);
        var host = await RegistryHost.StartLocalAsync(_dir.Root, ("Registry:HalfWrittenRetryWindow", "00:00:00.300"));
        try
        {
            _dir.Write("weather", 2);
            await Wait.UntilAsync(() => host.Registry.ServedVersion("weather") == 2, "a new version of another domain is served");

            (await host.Registry.ReloadAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10))).SourceReachable.Should().BeTrue();
            var published = await host.Publisher.PublishAsync("weather", TempRegistry.Bytes("weather", 1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            published.Version.Should().Be(3);
            host.Registry.ServedVersion("weather").Should().Be(3);
            host.Registry.GetStatus().SourceError.Should().BeNull();
        }
        finally
        {
            await host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task A_FIFO_that_appears_as_the_next_version_and_as_PINNED_blocks_nothing_and_deleting_it_recovers()
    {
        _dir.Write("music", 1);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root, ("Registry:HalfWrittenRetryWindow", "00:00:00"));

        HostileRegistry.MakeFifo(_dir.PathOf("music", 2));
        HostileRegistry.MakeFifo(Path.Combine(_dir.Root, "music", "PINNED"));
        var status = await host.Registry.ReloadAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        status.Domains.Single().Errors.Select(e => e.Reason).Should().Contain(r => r.Contains("is a FIFO", StringComparison.Ordinal) && r.StartsWith("$", StringComparison.Ordinal))
            .And.Contain(r => r.StartsWith("PINNED is a FIFO", StringComparison.Ordinal));
        File.Delete(_dir.PathOf("music", 2));
        File.Delete(Path.Combine(_dir.Root, "music", "PINNED"));
        _dir.Write("music", 3);
        await Wait.UntilAsync(() => host.Registry.ServedVersion("music") == 3, "version 3 is served once the FIFOs are gone");
        host.Registry.Domain("music")!.Errors.Should().BeEmpty();
    }
}
