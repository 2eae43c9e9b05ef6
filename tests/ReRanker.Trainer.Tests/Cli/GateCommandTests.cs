using ReRanker.Core.Weights;

namespace ReRanker.Trainer.Tests.Cli;

/// <summary>The gate is what stops a worse file from shipping: its exit code is the whole contract.</summary>
public sealed class GateCommandTests
{
    [Fact]
    public async Task Candidate_equal_to_the_served_version_passes()
    {
        using var temp = new TempFolder();
        var (data, registry) = await TrainedRegistryAsync(temp);

        var result = await CliRun.RunAsync("gate", "--data", data, "--candidate", Path.Combine(registry, "calendar", "1.json"), "--registry", registry);

        result.ExitCode.Should().Be(0, result.All);
        result.Out.Trim().Should().StartWith("PASS calendar").And.NotContain("\n");
    }

    [Fact]
    public async Task Worse_candidate_fails_with_exit_1_and_a_one_line_reason()
    {
        using var temp = new TempFolder();
        var (data, registry) = await TrainedRegistryAsync(temp);
        var served = WeightFileSerializer.Read(File.ReadAllBytes(Path.Combine(registry, "calendar", "1.json"))).File!;
        // Inverted confidence: the domain now prefers its least likely hypotheses and is very sure of it.
        var worse = served with
        {
            Version = 2,
            Bias = 4,
            Weights = served.Weights.ToDictionary(w => w.Key, w => -10 * w.Value, StringComparer.Ordinal),
        };
        var candidate = temp.Combine("candidate.json");
        File.WriteAllBytes(candidate, WeightFileSerializer.Write(worse));

        var result = await CliRun.RunAsync("gate", "--data", data, "--candidate", candidate, "--registry", registry);

        result.ExitCode.Should().Be(1);
        result.Out.Trim().Should().StartWith("FAIL calendar v2").And.NotContain("\n");
    }

    [Fact]
    public async Task Trained_against_a_registry_a_candidate_is_numbered_after_the_served_version_and_gated_against_it()
    {
        using var temp = new TempFolder();
        var (data, registry) = await TrainedRegistryAsync(temp);
        File.WriteAllText(Path.Combine(registry, "calendar", "3.json"), "{ a broken file still owns its number");

        var trained = await CliRun.TrainAsync(data, temp.Combine("candidates"), "--domain", "calendar", "--registry", registry);
        var result = await CliRun.RunAsync("gate", "--data", data, "--candidate", temp.Combine("candidates", "calendar", "4.json"), "--registry", registry);

        trained.ExitCode.Should().Be(0, trained.All);
        Directory.GetFiles(temp.Combine("candidates", "calendar")).Select(Path.GetFileName).Should().Equal("4.json");
        result.Out.Should().Contain("calendar v4 vs served v1", result.All);
        result.Error.Should().Contain("3.json", "the file the service would refuse is reported");
    }

    [Fact]
    public async Task Invalid_candidate_is_an_input_error_naming_the_field()
    {
        using var temp = new TempFolder();
        var (data, registry) = await TrainedRegistryAsync(temp);
        var candidate = temp.Combine("broken.json");
        File.WriteAllText(candidate, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(Path.Combine(registry, "calendar", "1.json")), "\"schemaVersion\": [12]", "\"schemaVersion\": 9"));

        var result = await CliRun.RunAsync("gate", "--data", data, "--candidate", candidate, "--registry", registry);

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("schemaVersion");
    }

    private static async Task<(string Data, string Registry)> TrainedRegistryAsync(TempFolder temp)
    {
        var data = TestCorpus.WriteSlice(temp.Path, 200);
        var registry = temp.Combine("registry");
        var trained = await CliRun.TrainAsync(data, registry, "--all");
        trained.ExitCode.Should().Be(0, trained.All);
        return (data, registry);
    }
}
