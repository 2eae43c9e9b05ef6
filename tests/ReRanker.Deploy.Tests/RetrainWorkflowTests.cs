using System.Text.RegularExpressions;
using ReRanker.Deploy.Tests.Infrastructure;
using ReRanker.Tests.Shared;
using YamlDotNet.RepresentationModel;

namespace ReRanker.Deploy.Tests;

/// <summary>The GitHub Actions workflow is only a thin caller of deploy/ci/retrain-domain.sh; pin that wiring.</summary>
public sealed partial class RetrainWorkflowTests
{
    private static readonly string WorkflowPath = Path.Combine(RepoPaths.Root, "deploy", "ci", "retrain-domain.yml");

    private static readonly YamlMappingNode Workflow = Yaml.LoadDocuments(WorkflowPath).Single();

    [Fact]
    public void It_is_started_by_hand_with_the_domain_and_the_data_location()
    {
        // YAML 1.1 reads a bare `on` key as a string here; YamlDotNet keeps it as "on".
        var inputs = (YamlMappingNode)Workflow.At("on", "workflow_dispatch", "inputs")!;

        inputs.Children.Keys.Select(k => k.ToString()).Should().Contain(["domain", "data"]);
        inputs.Scalar("domain", "required").Should().Be("true");
    }

    [Fact]
    public void Its_steps_run_the_retrain_script_with_the_inputs()
    {
        var runs = RunBlocks();

        runs.Should().ContainSingle(r => r.Contains("deploy/ci/retrain-domain.sh", StringComparison.Ordinal))
            .Which.Should().Contain("--domain \"$DOMAIN\"").And.Contain("--data").And.Contain("--registry");
    }

    [Fact]
    public void The_api_key_reaches_the_script_only_through_the_environment()
    {
        // On a command line the key would show in process lists and logs.
        var steps = Workflow.Items("jobs", "retrain", "steps");
        var retrain = steps.Single(s => (s.Scalar("run") ?? "").Contains("retrain-domain.sh", StringComparison.Ordinal));

        retrain.Scalar("env", "RERANKER_ADMIN_API_KEY").Should().Be("${{ secrets.RERANKER_ADMIN_API_KEY }}");
        RunBlocks().Should().NotContain(r => r.Contains("secrets.", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_repository_script_the_workflow_calls_exists_and_is_executable()
    {
        var scripts = RunBlocks().SelectMany(r => ScriptPath().Matches(r).Select(m => m.Value)).Distinct().ToList();

        scripts.Should().Contain(["deploy/publish.sh", "deploy/ci/retrain-domain.sh", "deploy/ci/fetch-registry.sh"]);
        foreach (var script in scripts)
        {
            var path = Path.Combine(RepoPaths.Root, script);
            File.Exists(path).Should().BeTrue(script);
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(path).Should().HaveFlag(UnixFileMode.UserExecute, $"{script} is run directly");
            }
        }
    }

    private static List<string> RunBlocks() =>
        Workflow.Items("jobs", "retrain", "steps").Select(s => s.Scalar("run")).OfType<string>().ToList();

    [GeneratedRegex(@"deploy/[a-z/-]+\.sh")]
    private static partial Regex ScriptPath();
}
