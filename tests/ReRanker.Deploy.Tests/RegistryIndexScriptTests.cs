using System.Text.Json;
using ReRanker.Core.Weights;
using ReRanker.Deploy.Tests.Infrastructure;
using ReRanker.Tests.Shared;

namespace ReRanker.Deploy.Tests;

/// <summary>
/// make-index.sh publishes a registry folder for the HTTP source; fetch-registry.sh brings it back
/// for the retrain job. A round trip over loopback must give the same bytes, PINNED included.
/// </summary>
public sealed class RegistryIndexScriptTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("reranker-index-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_registry_published_with_its_index_fetches_back_byte_identical_with_its_pins()
    {
        var published = MakeRegistry();
        File.WriteAllText(Path.Combine(published, "music", "PINNED"), "1\n");
        await WriteIndexAsync(published);
        using var server = new StaticFileServer(published);
        var fetched = Path.Combine(_root, "fetched");

        var result = await RunAsync("fetch-registry.sh", server.BaseUrl + "index.json", fetched);

        result.ExitCode.Should().Be(0, result.ToString());
        var expected = RegistrySnapshot.Files(published).Where(f => f.Key != "index.json");
        RegistrySnapshot.Files(fetched).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public async Task The_index_lists_every_version_file_with_its_sha256_and_ignores_other_names()
    {
        var published = MakeRegistry();
        File.WriteAllText(Path.Combine(published, "music", "notes.txt"), "not a version");
        Directory.CreateDirectory(Path.Combine(published, "Not-A-Domain"));

        var index = JsonDocument.Parse(await WriteIndexAsync(published)).RootElement.GetProperty("domains");

        var listed = index.EnumerateObject().SelectMany(d => d.Value.EnumerateArray().Select(e => e.GetProperty("url").GetString())).ToList();
        var files = RegistrySnapshot.Files(published).Keys.Where(k => k.EndsWith(".json", StringComparison.Ordinal) && k != "index.json");
        listed.Should().BeEquivalentTo(files);
        index.EnumerateObject().Select(d => d.Name).Should().NotContain("Not-A-Domain");
    }

    [Fact]
    public async Task A_file_that_does_not_match_its_sha256_fails_the_fetch()
    {
        var published = MakeRegistry();
        await WriteIndexAsync(published);
        var tampered = Directory.EnumerateFiles(Path.Combine(published, "music"), "*.json").First();
        File.AppendAllText(tampered, " ");
        using var server = new StaticFileServer(published);

        var result = await RunAsync("fetch-registry.sh", server.BaseUrl + "index.json", Path.Combine(_root, "fetched"));

        result.ExitCode.Should().NotBe(0);
        result.Output.Should().Contain("does not match its sha256");
    }

    [Fact]
    public async Task The_real_service_serves_a_registry_published_with_make_index_through_the_http_source()
    {
        // The settings of deploy/k8s/http-source, against an index written by make-index.sh.
        var published = MakeRegistry();
        var music1 = WeightFileSerializer.Read(File.ReadAllBytes(Path.Combine(published, "music", "1.json"))).File!;
        File.WriteAllBytes(Path.Combine(published, "music", "2.json"), WeightFileSerializer.Write(music1 with { Version = 2 }));
        File.WriteAllText(Path.Combine(published, "music", "PINNED"), "1\n");
        await WriteIndexAsync(published);
        using var files = new StaticFileServer(published);
        var settings = new Dictionary<string, string>
        {
            ["RERANKER__Registry__Source"] = "http",
            ["RERANKER__Registry__Http__IndexUrl"] = files.BaseUrl + "index.json",
        };

        await using var server = await ApiServer.StartAsync(Path.Combine(_root, "unused"), "http-source-test-admin-key", settings);

        var served = await RegistrySnapshot.ServedVersionsAsync(server.Client);
        var expected = Directory.EnumerateDirectories(published).Select(Path.GetFileName).ToList();
        served.Keys.Should().BeEquivalentTo(expected, $"service log:\n{server.Log}");
        served.Values.Should().OnlyContain(v => v != null);
        served["music"].Should().Be(1, "PINNED travels in the index (2 is newer)");
    }

    private string MakeRegistry()
    {
        var target = Path.Combine(_root, "published");
        foreach (var file in Directory.EnumerateFiles(RepoPaths.BuiltInRegistry, "*.json", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(RepoPaths.BuiltInRegistry, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }

    private static async Task<string> WriteIndexAsync(string registry)
    {
        var result = await RunAsync("make-index.sh", registry);
        result.ExitCode.Should().Be(0, result.ToString());
        await File.WriteAllTextAsync(Path.Combine(registry, "index.json"), result.Output);
        return result.Output;
    }

    private static Task<ProcessResult> RunAsync(string script, params string[] arguments) =>
        ProcessRunner.RunAsync("bash", [Path.Combine(RepoPaths.Root, "deploy", "ci", script), .. arguments], TimeSpan.FromSeconds(60));
}
