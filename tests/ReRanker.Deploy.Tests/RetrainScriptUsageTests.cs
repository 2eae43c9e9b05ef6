using ReRanker.Deploy.Tests.Infrastructure;
using ReRanker.Tests.Shared;

namespace ReRanker.Deploy.Tests;

/// <summary>The retrain script refuses a bad request before doing any work (no trainer, no service needed).</summary>
public sealed class RetrainScriptUsageTests
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "deploy", "ci", "retrain-domain.sh");

    [Fact]
    public async Task Help_prints_the_usage_and_the_exit_codes()
    {
        var result = await RunAsync("--help");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("usage: deploy/ci/retrain-domain.sh").And.Contain("3 the gate refused");
    }

    [Theory]
    [InlineData("../etc", "is not a valid domain name")]
    [InlineData("Music", "is not a valid domain name")]
    public async Task A_bad_domain_name_is_a_usage_error_naming_the_option(string domain, string message)
    {
        var result = await RunAsync("--domain", domain, "--data", RepoPaths.Corpus("train.jsonl"));

        result.ExitCode.Should().Be(2, result.ToString());
        result.Output.Should().Contain("--domain").And.Contain(message);
    }

    [Fact]
    public async Task Upload_without_the_api_key_in_the_environment_is_refused_before_training()
    {
        var result = await RunAsync(
            "--domain", "music", "--data", RepoPaths.Corpus("train.jsonl"), "--holdout", RepoPaths.Corpus("test.jsonl"),
            "--registry", RepoPaths.Root, "--publish", "upload", "--api-url", "http://127.0.0.1:9");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Output.Should().Contain("RERANKER_ADMIN_API_KEY");
    }

    [Fact]
    public async Task An_unknown_publish_mode_is_a_usage_error()
    {
        var result = await RunAsync(
            "--domain", "music", "--data", RepoPaths.Corpus("train.jsonl"), "--holdout", RepoPaths.Corpus("test.jsonl"),
            "--registry", RepoPaths.Root, "--publish", "ftp");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Output.Should().Contain("--publish must be dir, upload or none");
    }

    [Fact]
    public async Task A_candidate_file_for_another_domain_is_refused_before_anything_runs()
    {
        // The gate would judge calendar while the file is published under music: refuse up front.
        var work = Directory.CreateTempSubdirectory("reranker-usage-").FullName;
        try
        {
            var result = await RunAsync(
                "--domain", "music", "--candidate", Path.Combine(RepoPaths.BuiltInRegistry, "calendar", "1.json"),
                "--holdout", RepoPaths.Corpus("test.jsonl"), "--registry", RepoPaths.BuiltInRegistry,
                "--publish", "none", "--work-dir", work, "--trainer", "false");

            result.ExitCode.Should().Be(1, result.ToString());
            result.Output.Should().Contain("is for domain 'calendar', not 'music'");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(
            "bash",
            [Script, .. arguments],
            TimeSpan.FromSeconds(30),
            new Dictionary<string, string> { ["RERANKER_ADMIN_API_KEY"] = "" });
}
