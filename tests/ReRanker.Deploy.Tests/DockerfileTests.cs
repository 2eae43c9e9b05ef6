using System.Text.RegularExpressions;
using ReRanker.Deploy.Tests.Infrastructure;
using ReRanker.Tests.Shared;

namespace ReRanker.Deploy.Tests;

/// <summary>
/// No Docker engine runs here, so the image cannot be built in CI. These tests pin that the image's
/// build is the publish script .ci/run runs (so a broken publish fails CI), and the runtime settings.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly IReadOnlyList<DockerStage> Stages = Dockerfile.ReadStages(Path.Combine(RepoPaths.Root, "Dockerfile"));

    private static readonly string PublishScript = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "publish.sh"));

    [Fact]
    public void The_build_stage_publishes_with_the_same_script_that_ci_runs()
    {
        var build = Stages.Should().ContainSingle(s => s.Name == "build").Subject;
        var ciRun = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".ci", "run"));

        build.Image.Should().Be("mcr.microsoft.com/dotnet/sdk:10.0");
        build.ArgumentsOf("RUN").Should().ContainSingle(r => PublishCall().IsMatch(r), "the image publishes only through deploy/publish.sh");
        // The Dockerfile must not publish by any other command that CI would not run.
        build.ArgumentsOf("RUN").Where(r => r.Contains("dotnet publish", StringComparison.Ordinal)).Should().BeEmpty();
        ciRun.Where(l => !l.TrimStart().StartsWith('#')).Should().Contain(l => PublishCall().IsMatch(l), ".ci/run must run the same publish");
    }

    [Fact]
    public void The_publish_script_publishes_the_service_and_the_trainer_in_release_and_no_tests()
    {
        var projects = PublishedProjects().Select(m => m.Groups["project"].Value).ToList();

        projects.Should().BeEquivalentTo("src/ReRanker.Api/ReRanker.Api.csproj", "src/ReRanker.Trainer/ReRanker.Trainer.csproj");
        projects.Should().OnlyContain(p => File.Exists(Path.Combine(RepoPaths.Root, p)));
        PublishedProjects().Should().OnlyContain(m => m.Value.Contains("-c Release", StringComparison.Ordinal));
    }

    [Fact]
    public void The_build_stage_copies_every_file_outside_src_that_the_projects_include()
    {
        // A project that includes ../../<dir>/** needs <dir> in the build stage, or the image's publish would
        // silently differ from the one .ci/run checks.
        var copied = Stages.Single(s => s.Name == "build").ArgumentsOf("COPY")
            .SelectMany(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1)).ToList();
        var outside = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .SelectMany(p => OutsideInclude().Matches(File.ReadAllText(p)).Select(m => m.Groups["dir"].Value))
            .Distinct()
            .ToList();

        copied.Should().Contain("src/");
        foreach (var dir in outside)
        {
            copied.Should().Contain(c => dir.StartsWith(c.TrimEnd('/'), StringComparison.Ordinal), $"a project includes ../../{dir}");
        }
    }

    [Fact]
    public void The_runtime_images_copy_exactly_the_folders_the_publish_script_writes()
    {
        var outDir = PublishCall().Match(Stages.Single(s => s.Name == "build").ArgumentsOf("RUN").Single(r => PublishCall().IsMatch(r))).Groups["out"].Value;
        var written = PublishedProjects().Select(m => m.Groups["sub"].Value).ToList();
        var copied = Stages.Where(s => s.Name != "build")
            .SelectMany(s => s.ArgumentsOf("COPY"))
            .Where(c => c.StartsWith("--from=build", StringComparison.Ordinal) && c.Contains(outDir + "/", StringComparison.Ordinal))
            .Select(c => c.Split(' ')[1].TrimEnd('/'))
            .Distinct()
            .ToList();

        copied.Should().BeEquivalentTo(written.Select(w => $"{outDir}/{w}"));
    }

    [Fact]
    public void The_default_target_is_the_non_root_service_on_port_8080_with_a_healthcheck_and_the_registry_at_slash_registry()
    {
        var api = Stages[^1];
        var environment = string.Join(' ', api.ArgumentsOf("ENV"));

        api.Name.Should().Be("api", "the last stage is what `docker build .` produces");
        Stages.Should().Contain(s => s.Name == api.Image && s.Image == "mcr.microsoft.com/dotnet/aspnet:10.0");
        api.ArgumentsOf("USER").Should().Equal("$APP_UID");
        api.ArgumentsOf("EXPOSE").Should().Equal("8080");
        api.ArgumentsOf("HEALTHCHECK").Should().ContainSingle().Which.Should().Contain("/app/healthcheck.sh");
        environment.Should().Contain("RERANKER__Registry__Path=/registry").And.Contain("RERANKER__Urls=http://+:8080");
        api.ArgumentsOf("ENTRYPOINT").Should().Equal("[\"dotnet\", \"/app/api/ReRanker.Api.dll\"]");
    }

    [Fact]
    public void The_trainer_target_runs_reranker_train_as_the_non_root_user()
    {
        var trainer = Stages.Should().ContainSingle(s => s.Name == "trainer").Subject;

        trainer.ArgumentsOf("USER").Should().Equal("$APP_UID");
        trainer.ArgumentsOf("ENTRYPOINT").Should().ContainSingle().Which.Should().Contain("reranker-train");
    }

    [Fact]
    public async Task The_images_reranker_train_command_runs_the_published_trainer()
    {
        // The images put deploy/reranker-train.sh on PATH as `reranker-train`; run it on the trainer CI checks.
        Stages.Where(s => s.Name is "api" or "trainer").Should().OnlyContain(s =>
            s.ArgumentsOf("COPY").Contains("--from=build /src/deploy/reranker-train.sh /usr/local/bin/reranker-train"));

        var result = await ProcessRunner.RunAsync(
            "sh",
            [Path.Combine(RepoPaths.Root, "deploy", "reranker-train.sh"), "--help"],
            TimeSpan.FromSeconds(60),
            new Dictionary<string, string> { ["RERANKER_TRAINER_DLL"] = Binaries.TrainerDll });

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("train").And.Contain("evaluate").And.Contain("gate");
    }

    [Fact]
    public void Every_file_the_dockerfile_copies_from_the_context_exists_and_is_not_docker_ignored()
    {
        // A missing or ignored source fails `docker build` where Docker exists; catch it here instead.
        var ignored = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var sources = Stages.SelectMany(s => s.ArgumentsOf("COPY"))
            .Where(c => !c.StartsWith("--from=", StringComparison.Ordinal))
            .SelectMany(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).SkipLast(1))
            .ToList();

        sources.Should().NotBeEmpty();
        foreach (var source in sources)
        {
            var path = Path.Combine(RepoPaths.Root, source);
            (File.Exists(path) || Directory.Exists(path)).Should().BeTrue($"the Dockerfile copies {source}");
            ignored.Should().NotContain(p => source.TrimEnd('/').StartsWith(p.TrimEnd('/'), StringComparison.Ordinal), $"{source} is copied");
        }
    }

    private static IEnumerable<Match> PublishedProjects() => PublishCommand().Matches(PublishScript);

    // deploy/publish.sh <dir>, as run by the Dockerfile and .ci/run.
    [GeneratedRegex(@"(^|\s|/)deploy/publish\.sh\s+""?(?<out>[^\s""]+)")]
    private static partial Regex PublishCall();

    // Include="../../<dir>/..." in a project under src/: a file from outside src/.
    [GeneratedRegex(@"Include=""\.\./\.\./(?<dir>(?!src/)[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*)/")]
    private static partial Regex OutsideInclude();

    // dotnet publish <project> ... -o "$out/<sub>"
    [GeneratedRegex(@"dotnet publish (?<project>\S+\.csproj)[^\n]*-o ""\$out/(?<sub>[a-z]+)""")]
    private static partial Regex PublishCommand();
}
