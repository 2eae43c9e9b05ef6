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
        result.Errors.Should().ContainSingle().Which.Field.Should().Be("source");
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
