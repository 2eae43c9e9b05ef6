using System.Net.Http.Json;
using System.Text.Json;
using ReRanker.Core.Weights;
using ReRanker.Deploy.Tests.Infrastructure;
using ReRanker.Tests.Shared;

namespace ReRanker.Deploy.Tests;

/// <summary>deploy/ci/retrain-domain.sh --promote against the real service: the candidate becomes the served version.</summary>
public sealed class PromoteScriptTests : IDisposable
{
    private const string AdminKey = "deploy-promote-admin-key-not-a-secret";
    private readonly string _registry = Directory.CreateTempSubdirectory("reranker-promote-").FullName;

    public PromoteScriptTests()
    {
        var served = Directory.EnumerateFiles(Path.Combine(RepoPaths.BuiltInRegistry, "music"), "*.json").Single();
        var file = WeightFileSerializer.Read(File.ReadAllBytes(served)).File!;
        var music = Directory.CreateDirectory(Path.Combine(_registry, "music")).FullName;
        File.Copy(served, Path.Combine(music, Path.GetFileName(served)));
        File.WriteAllBytes(Path.Combine(music, $"{file.Version + 1}.json"), WeightFileSerializer.Write(file with { Version = file.Version + 1, Bias = file.Bias + 0.5 }));
        File.WriteAllText(Path.Combine(music, "CANDIDATE"), $"{file.Version + 1}");
    }

    public void Dispose() => Directory.Delete(_registry, recursive: true);

    [Fact]
    public async Task Promote_makes_the_candidate_the_served_version_and_clears_CANDIDATE()
    {
        await using var server = await ApiServer.StartAsync(_registry, AdminKey);
        var before = await server.Client.GetFromJsonAsync<JsonElement>("/v1/domains/music");
        var candidate = before.GetProperty("candidate").GetProperty("version").GetInt32();

        var result = await ProcessRunner.RunAsync(
            "bash",
            [Path.Combine(RepoPaths.Root, "deploy", "ci", "retrain-domain.sh"), "--promote", "--domain", "music", "--api-url", server.BaseUrl],
            TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["RERANKER_ADMIN_API_KEY"] = AdminKey });

        result.ExitCode.Should().Be(0, $"{result}\nservice log:\n{server.Log}");
        var after = await server.Client.GetFromJsonAsync<JsonElement>("/v1/domains/music");
        after.GetProperty("servedVersion").GetInt32().Should().Be(candidate + 1, "the candidate is published as the next version");
        after.GetProperty("weights").GetProperty("bias").GetDouble().Should().Be(before.GetProperty("weights").GetProperty("bias").GetDouble() + 0.5);
        after.TryGetProperty("candidate", out _).Should().BeFalse();
        File.Exists(Path.Combine(_registry, "music", "CANDIDATE")).Should().BeFalse();

        var again = await ProcessRunner.RunAsync(
            "bash",
            [Path.Combine(RepoPaths.Root, "deploy", "ci", "retrain-domain.sh"), "--promote", "--domain", "music", "--api-url", server.BaseUrl],
            TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["RERANKER_ADMIN_API_KEY"] = AdminKey });
        again.ExitCode.Should().Be(4, "there is no candidate left to promote");
    }
}
