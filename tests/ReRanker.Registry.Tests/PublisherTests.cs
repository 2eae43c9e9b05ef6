using System.Text;
using ReRanker.Core.Weights;

namespace ReRanker.Registry.Tests;

/// <summary>The admin upload path: numbered max+1, written atomically, served by the very next request.</summary>
public sealed class PublisherTests : IDisposable
{
    private readonly TempRegistry _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Publishing_writes_the_next_version_and_serves_it_before_returning()
    {
        _dir.Write("music", 1);
        _dir.Write("music", 5);
        _dir.WriteBytes("music", "9.json.bak", [1, 2, 3]); // not a version: does not count for numbering
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);

        // The uploaded file says version 1; the registry assigns the number.
        var result = await host.Publisher.PublishAsync("music", TempRegistry.Bytes("music", 1, bias: 0.75), CancellationToken.None);

        result.Succeeded.Should().BeTrue();
        result.Failure.Should().Be(PublishFailure.None);
        result.Version.Should().Be(6);
        host.Registry.ServedVersion("music").Should().Be(6, "the next request must see it, without waiting for a scan");
        host.Registry.Current.TryGet("music", out var served).Should().BeTrue();
        served!.Bias.Should().Be(0.75);
        var written = WeightFileSerializer.Read(File.ReadAllBytes(_dir.PathOf("music", 6)));
        written.File!.Version.Should().Be(6, "the file on disk carries its assigned version");
        Directory.GetFiles(Path.Combine(_dir.Root, "music"), "*.tmp").Should().BeEmpty("the temp file was renamed into place");
    }

    [Fact]
    public async Task Publishing_creates_the_folder_of_a_new_domain()
    {
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);

        var result = await host.Publisher.PublishAsync("alarm", TempRegistry.Bytes("alarm", 3), CancellationToken.None);

        result.Version.Should().Be(1);
        host.Registry.ServedVersion("alarm").Should().Be(1);
    }

    [Fact]
    public async Task An_invalid_upload_is_refused_with_every_field_named_and_nothing_written()
    {
        _dir.Write("music", 1);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);
        var bad = Encoding.UTF8.GetString(TempRegistry.Bytes("music", 1))
            .Replace("\"logit.intentScore\"", "\"logit.shoeSize\"", StringComparison.Ordinal)
            .Replace("\"handmade\"", "\"guesswork\"", StringComparison.Ordinal);

        var result = await host.Publisher.PublishAsync("music", Encoding.UTF8.GetBytes(bad), CancellationToken.None);

        result.Succeeded.Should().BeFalse();
        result.Errors.Select(e => e.Field).Should().BeEquivalentTo("weights['logit.shoeSize']", "training.loss", "training.dataSha256");
        Directory.GetFiles(Path.Combine(_dir.Root, "music")).Should().ContainSingle();
        host.Registry.ServedVersion("music").Should().Be(1);
    }

    [Theory]
    [InlineData("weather", "the file is for domain 'music'")]
    [InlineData("../outside", "does not match")]
    [InlineData("CON", "does not match")]
    public async Task An_upload_whose_route_domain_is_invalid_or_differs_from_the_file_is_refused_on_the_domain_field(string routeDomain, string message)
    {
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);

        var result = await host.Publisher.PublishAsync(routeDomain, TempRegistry.Bytes("music", 1), CancellationToken.None);

        result.Succeeded.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.Field.Should().Be("domain");
        result.Errors[0].Message.Should().Contain(message);
        Directory.GetFileSystemEntries(_dir.Root).Should().BeEmpty();
        Directory.GetFileSystemEntries(_dir.Outside).Should().BeEmpty();
    }

    [Fact]
    public async Task An_upload_that_cannot_be_written_is_refused_on_the_source_field_not_thrown()
    {
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);
        File.WriteAllText(Path.Combine(_dir.Root, "music"), "a file where the domain folder should be");

        var result = await host.Publisher.PublishAsync("music", TempRegistry.Bytes("music", 1), CancellationToken.None);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().Be(PublishFailure.Conflict, "storage in the way is the registry's conflict, not an invalid file");
        result.Errors.Should().ContainSingle().Which.Field.Should().Be("source");
    }

    [Fact]
    public async Task An_upload_that_would_get_a_number_past_the_highest_version_number_is_refused_naming_version()
    {
        _dir.Write("music", 1);
        _dir.WriteBytes("music", $"{RegistryLayout.MaxVersion}.json", TempRegistry.Bytes("music", RegistryLayout.MaxVersion));
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);
        host.Registry.ServedVersion("music").Should().Be(RegistryLayout.MaxVersion, "the scanner serves the highest version number");

        var result = await host.Publisher.PublishAsync("music", TempRegistry.Bytes("music", 1), CancellationToken.None);

        result.Succeeded.Should().BeFalse("the next number, 1000000000, is one the scanner would never read");
        result.Failure.Should().Be(PublishFailure.Conflict);
        result.Errors.Should().ContainSingle().Which.Field.Should().Be("version");
        Directory.GetFiles(Path.Combine(_dir.Root, "music")).Should().HaveCount(2, "nothing was written");
    }

    [Theory]
    [InlineData("1")]
    [InlineData("not a number")]
    public async Task An_upload_to_a_pinned_domain_is_refused_because_it_would_not_be_served(string pin)
    {
        _dir.Write("music", 1);
        _dir.Write("music", 2);
        _dir.Pin("music", pin);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);

        var result = await host.Publisher.PublishAsync("music", TempRegistry.Bytes("music", 1), CancellationToken.None);

        result.Failure.Should().Be(PublishFailure.Conflict);
        result.Errors.Should().ContainSingle().Which.Should().Match<WeightFileError>(e => e.Field == "domain" && e.Message.Contains("remove PINNED first", StringComparison.Ordinal));
        File.Exists(_dir.PathOf("music", 3)).Should().BeFalse();
    }

    [Fact]
    public async Task Temporary_files_of_interrupted_writes_are_removed_once_abandoned_and_fresh_ones_are_left_alone()
    {
        _dir.Write("music", 1);
        var abandoned = _dir.WriteBytes("music", $".upload-{Guid.NewGuid():N}.tmp", [1, 2, 3]);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddHours(-1));
        var inFlight = _dir.WriteBytes("music", $".upload-{Guid.NewGuid():N}.tmp", [4, 5, 6]);
        var someoneElses = _dir.WriteBytes("music", ".notes.tmp", [7]);
        File.SetLastWriteTimeUtc(someoneElses, DateTime.UtcNow.AddHours(-1));

        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);

        File.Exists(abandoned).Should().BeFalse("the start-up scan removed it");
        File.Exists(inFlight).Should().BeTrue("a write may still be going on");
        File.Exists(someoneElses).Should().BeTrue("only the registry writer's own temporary names are touched");
        host.Registry.ServedVersion("music").Should().Be(1);
    }

    [Fact]
    public async Task Concurrent_uploads_get_distinct_consecutive_versions()
    {
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => host.Publisher.PublishAsync("music", TempRegistry.Bytes("music", 1), CancellationToken.None))));

        results.Select(r => r.Version).Should().BeEquivalentTo(Enumerable.Range(1, 8).Cast<int?>());
        host.Registry.ServedVersion("music").Should().Be(8);
    }
}
