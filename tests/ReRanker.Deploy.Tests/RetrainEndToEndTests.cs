using System.Globalization;
using ReRanker.Core.Weights;
using ReRanker.Deploy.Tests.Infrastructure;
using ReRanker.Tests.Shared;

namespace ReRanker.Deploy.Tests;

/// <summary>
/// deploy/ci/retrain-domain.sh end to end against the real service (a separate process on a loopback
/// port) over a temporary copy of the built-in registry, with the real trainer. Every wait is bounded.
/// </summary>
public sealed class RetrainEndToEndTests : IAsyncLifetime
{
    // Retrained by the passing runs; its gate verdict against the built-in registry is deterministic (fixed data and seed).
    private const string RetrainedDomain = "music";

    // Worsened on purpose: the largest domain of the test split, so a broken candidate moves SemER far past the tolerance.
    private const string WorsenedDomain = "calendar";

    private const string AdminKey = "deploy-e2e-admin-key-not-a-secret";

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(4);

    private readonly string _root = Directory.CreateTempSubdirectory("reranker-retrain-e2e-").FullName;

    private string Registry => Path.Combine(_root, "registry");

    public Task InitializeAsync()
    {
        CopyDirectory(RepoPaths.BuiltInRegistry, Registry);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Retraining_through_the_admin_upload_is_served_without_a_restart_and_leaves_other_domains_alone()
    {
        await using var server = await ApiServer.StartAsync(Registry, AdminKey);
        var before = await CaptureAsync(server);

        var result = await RunScriptAsync(server, "--domain", RetrainedDomain, "--publish", "upload");

        result.ExitCode.Should().Be(0, $"{result}\nservice log:\n{server.Log}");
        await ShouldServeOneNewVersionOfAsync(server, before);
    }

    [Fact]
    public async Task Retraining_into_the_watched_registry_folder_is_picked_up_by_the_running_service()
    {
        // The shared-volume path of Kubernetes: the script writes the file, the service's rescan finds it.
        await using var server = await ApiServer.StartAsync(Registry, AdminKey);
        var before = await CaptureAsync(server);

        var result = await RunScriptAsync(server, "--domain", RetrainedDomain, "--publish", "dir");

        result.ExitCode.Should().Be(0, $"{result}\nservice log:\n{server.Log}");
        await ShouldServeOneNewVersionOfAsync(server, before);
    }

    [Fact]
    public async Task A_worse_candidate_is_refused_by_the_gate_and_never_published()
    {
        await using var server = await ApiServer.StartAsync(Registry, AdminKey);
        var before = await CaptureAsync(server);
        var worse = WriteWorseCandidate(before.Served[WorsenedDomain]!.Value);

        var result = await RunScriptAsync(server, "--domain", WorsenedDomain, "--candidate", worse, "--publish", "upload");

        result.ExitCode.Should().Be(3, $"the gate must refuse it\n{result}");
        result.Output.Should().Contain("GATE REFUSED").And.Contain("SemER got worse").And.Contain("nothing was published");
        RegistrySnapshot.Files(Registry).Should().Equal(before.Files, "nothing may reach the registry");
        (await RegistrySnapshot.ServedVersionsAsync(server.Client)).Should().Equal(before.Served);
    }

    [Fact]
    public async Task A_pinned_domain_is_not_retrained_over_its_rollback()
    {
        // PINNED is a rollback in force: a new version would be stored but never served.
        var served = RegistrySnapshot.Files(Registry).Keys.Single(k => k.StartsWith($"{RetrainedDomain}/", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(Registry, RetrainedDomain, "PINNED"), Path.GetFileNameWithoutExtension(served) + "\n");
        await using var server = await ApiServer.StartAsync(Registry, AdminKey);
        var before = await CaptureAsync(server);

        var result = await RunScriptAsync(server, "--domain", RetrainedDomain, "--publish", "upload");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Output.Should().Contain($"{RetrainedDomain} pinned to version").And.Contain("Remove PINNED first");
        RegistrySnapshot.Files(Registry).Should().Equal(before.Files);
        (await RegistrySnapshot.ServedVersionsAsync(server.Client)).Should().Equal(before.Served);
    }

    [Fact]
    public async Task A_candidate_the_gate_cannot_read_is_an_error_not_a_pass_and_is_never_published()
    {
        // The gate exits 2 on bad input; the script must not mistake that for a verdict either way.
        var before = RegistrySnapshot.Files(Registry);
        var broken = Path.Combine(Directory.CreateDirectory(Path.Combine(_root, "broken")).FullName, "2.json");
        File.WriteAllText(broken, "{ \"schemaVersion\": 1, \"domain\": ");

        var result = await RunScriptAsync("--domain", RetrainedDomain, "--candidate", broken, "--publish", "dir");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Output.Should().Contain("the gate could not judge the candidate").And.Contain("nothing was published");
        RegistrySnapshot.Files(Registry).Should().Equal(before);
    }

    private async Task ShouldServeOneNewVersionOfAsync(ApiServer server, Snapshot before)
    {
        var expected = before.Served[RetrainedDomain]!.Value + 1;

        server.HasExited.Should().BeFalse("the new version must arrive without a restart");
        server.ProcessId.Should().Be(before.ProcessId);
        (await RegistrySnapshot.ServedVersionAsync(server.Client, RetrainedDomain)).Should().Be(expected);

        // Exactly one file more, the new version of the retrained domain; every other file byte-identical.
        var after = RegistrySnapshot.Files(Registry);
        after.Keys.Except(before.Files.Keys).Should().Equal($"{RetrainedDomain}/{expected}.json");
        after.Where(f => before.Files.ContainsKey(f.Key)).Should().BeEquivalentTo(before.Files);

        var servedAfter = await RegistrySnapshot.ServedVersionsAsync(server.Client);
        servedAfter.Where(d => d.Key != RetrainedDomain).Should().BeEquivalentTo(before.Served.Where(d => d.Key != RetrainedDomain));
    }

    private async Task<Snapshot> CaptureAsync(ApiServer server)
    {
        var served = await RegistrySnapshot.ServedVersionsAsync(server.Client);
        served.Should().ContainKeys(RetrainedDomain, WorsenedDomain);
        served[RetrainedDomain].Should().NotBeNull("the built-in registry serves every domain");
        return new Snapshot(RegistrySnapshot.Files(Registry), served, server.ProcessId);
    }

    /// <summary>The served file of the domain with a bias so low the domain never wins: valid, but clearly worse.</summary>
    private string WriteWorseCandidate(int servedVersion)
    {
        var served = WeightFileSerializer.Read(File.ReadAllBytes(Path.Combine(Registry, WorsenedDomain, $"{servedVersion}.json")));
        served.IsValid.Should().BeTrue();
        var worse = served.File! with { Version = servedVersion + 1, Bias = served.File!.Bias - 30 };
        var folder = Directory.CreateDirectory(Path.Combine(_root, "worse")).FullName;
        var path = Path.Combine(folder, $"{worse.Version.ToString(CultureInfo.InvariantCulture)}.json");
        File.WriteAllBytes(path, WeightFileSerializer.Write(worse));
        return path;
    }

    private Task<ProcessResult> RunScriptAsync(ApiServer server, params string[] arguments) =>
        RunScriptAsync(["--api-url", server.BaseUrl, .. arguments]);

    private Task<ProcessResult> RunScriptAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(
            "bash",
            [
                Path.Combine(RepoPaths.Root, "deploy", "ci", "retrain-domain.sh"),
                // Relative paths (the script runs from the repository root), as a person would type them.
                "--data", "tests/data/slurp-nbest/train.jsonl",
                "--holdout", "tests/data/slurp-nbest/test.jsonl",
                "--registry", Path.GetRelativePath(RepoPaths.Root, Registry),
                "--wait-served", "30",
                "--work-dir", Path.Combine(_root, "work"),
                "--trainer", $"dotnet {Binaries.TrainerDll}",
                .. arguments,
            ],
            ScriptTimeout,
            new Dictionary<string, string> { ["RERANKER_ADMIN_API_KEY"] = AdminKey, ["RERANKER_TRAIN"] = "" });

    private static void CopyDirectory(string from, string to)
    {
        Directory.Exists(from).Should().BeTrue($"the built-in registry {from} must exist (produced by the trainer)");
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, string> Files, IReadOnlyDictionary<string, int?> Served, int ProcessId);
}
