using ReRanker.Core.Corpus;
using ReRanker.Deploy.Tests.Infrastructure;
using ReRanker.Tests.Shared;
using ReRanker.TrafficLoop;

namespace ReRanker.Deploy.Tests;

/// <summary>deploy/ci/retrain-domain.sh with the decision log in place of a corpus file: imported, trained, gated, published.</summary>
public sealed class RetrainFromDecisionLogTests : IDisposable
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "deploy", "ci", "retrain-domain.sh");

    private readonly string _root = Directory.CreateTempSubdirectory("reranker-retrain-log-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_domain_retrained_from_the_decision_log_passes_the_gate_and_is_published()
    {
        // Served: weights trained on the first 137 utterances of train.jsonl; traffic: the next 800.
        var registry = Directory.CreateDirectory(Path.Combine(_root, "registry")).FullName;
        var lines = File.ReadLines(RepoPaths.Corpus("train.jsonl")).ToArray();
        var slice = Path.Combine(_root, "slice.jsonl");
        await File.WriteAllLinesAsync(slice, lines.Take(137));
        (await Processes.RunAsync(Binaries.TrainerDll, ["train", "--data", slice, "--all", "--loss", "combined", "--out", registry], TimeSpan.FromMinutes(2))).EnsureSuccess("train");
        var log = Path.Combine(_root, "decision-log");
        var traffic = lines.Skip(137).Take(800).Select((l, i) => CorpusReader.ParseLine(l, i + 1)).ToArray();
        await using (var service = await ServiceProcess.StartAsync(Binaries.ApiDll, new Dictionary<string, string> { ["Registry:Path"] = registry, ["DecisionLog:Path"] = log }))
        {
            var tally = await new TrafficDriver(service.Client, seed: 1).RunAsync(traffic);
            await service.WaitForLoggedAsync(2L * tally.Requests - tally.NoFeedback, TimeSpan.FromSeconds(30));
        }

        var before = Directory.GetFiles(registry, "*.json", SearchOption.AllDirectories).Length;
        var result = await RunAsync(
            "--domain", "calendar", "--log", log, "--holdout", RepoPaths.Corpus("test.jsonl"), "--registry", registry,
            "--publish", "dir", "--work-dir", Path.Combine(_root, "work"), "--trainer", $"dotnet {Binaries.TrainerDll}");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("importing the decision log").And.Contain("training records").And.Contain("gate passed");
        File.Exists(Path.Combine(registry, "calendar", "2.json")).Should().BeTrue();
        Directory.GetFiles(registry, "*.json", SearchOption.AllDirectories).Should().HaveCount(before + 1, "one new calendar version, nothing else");
    }

    [Theory]
    [InlineData("both", "give --data or --log, not both")]
    [InlineData("missing", "is not a directory")]
    [InlineData("since", "--since and --until need --log")]
    public async Task A_bad_decision_log_request_is_a_usage_error_before_any_work(string bad, string message)
    {
        var logDir = Directory.CreateDirectory(Path.Combine(_root, "log")).FullName;
        string[] source = bad switch
        {
            "both" => ["--data", RepoPaths.Corpus("train.jsonl"), "--log", logDir],
            "missing" => ["--log", Path.Combine(_root, "nope")],
            _ => ["--data", RepoPaths.Corpus("train.jsonl"), "--since", "2026-11-21T00:00:00Z"],
        };

        var result = await RunAsync(["--domain", "music", .. source, "--holdout", RepoPaths.Corpus("test.jsonl"), "--registry", RepoPaths.BuiltInRegistry, "--publish", "none", "--trainer", "false"]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Output.Should().Contain(message);
    }

    private static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("bash", [Script, .. arguments], TimeSpan.FromMinutes(4), new Dictionary<string, string> { ["RERANKER_TRAIN"] = "" });
}
