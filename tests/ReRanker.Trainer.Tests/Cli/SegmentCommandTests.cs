using System.Text.Json;
using ReRanker.Core.Weights;
using ReRanker.Tests.Shared;

namespace ReRanker.Trainer.Tests.Cli;

/// <summary>evaluate and gate per segment: the figures are printed, and a candidate worse on one segment only is refused.</summary>
public sealed class SegmentCommandTests
{
    private static string TestData => RepoPaths.Corpus("test.jsonl");

    [Fact]
    public async Task Evaluate_with_segment_deviceType_prints_each_device_with_size_interval_and_the_worst_gap()
    {
        var result = await CliRun.RunAsync("evaluate", "--data", TestData, "--registry", RepoPaths.BuiltInRegistry, "--segment", "deviceType", "--bootstrap", "100");

        result.ExitCode.Should().Be(0, result.All);
        result.Out.Should().Contain("segments by deviceType (whole: 903 utterances");
        result.Out.Should().MatchRegex(@"car\s+112\s+0\.\d{3}\s+0\.\d{3}–0\.\d{3}");
        result.Out.Should().Contain("worst deviceType segment (of those with ≥ 50 utterances): screen, top-1 SemER gap to the whole +0.078");
    }

    [Fact]
    public async Task Evaluate_json_carries_the_segments_of_every_key()
    {
        var result = await CliRun.RunAsync("evaluate", "--data", TestData, "--registry", RepoPaths.BuiltInRegistry, "--format", "json", "--segment", "hour", "--segment", "hasScreen", "--bootstrap", "50");

        result.ExitCode.Should().Be(0, result.All);
        using var json = JsonDocument.Parse(result.Out);
        var segments = json.RootElement.GetProperty("segments");
        segments.GetProperty("hour").GetProperty("values").EnumerateObject().Select(p => p.Name).Should().Equal("afternoon", "evening", "morning", "night");
        var night = segments.GetProperty("hour").GetProperty("values").GetProperty("night");
        night.GetProperty("semerCi").GetArrayLength().Should().Be(2);
        segments.GetProperty("hasScreen").GetProperty("values").GetProperty("true").GetProperty("utterances").GetInt32().Should().Be(391);
    }

    [Theory]
    [InlineData("--segment", "device type")]
    [InlineData("--bootstrap", "0")]
    [InlineData("--min-segment", "0")]
    public async Task A_bad_segment_option_is_an_input_error_naming_it(string option, string value)
    {
        var result = await CliRun.RunAsync("evaluate", "--data", TestData, "--registry", RepoPaths.BuiltInRegistry, "--segment", "deviceType", option, value);

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain(option);
    }

    [Fact]
    public async Task Gate_refuses_a_candidate_worse_on_one_device_type_only_naming_the_segment_and_the_amount()
    {
        using var temp = new TempFolder();
        // The served general weights, but general is pushed down whenever the device is a tv: every other device is untouched.
        var candidate = Candidate(temp, weights => weights["context.deviceType=tv"] = -30);

        var overallOnly = await CliRun.RunAsync("gate", "--data", TestData, "--candidate", candidate, "--registry", RepoPaths.BuiltInRegistry);
        var bySegment = await CliRun.RunAsync("gate", "--data", TestData, "--candidate", candidate, "--registry", RepoPaths.BuiltInRegistry, "--segment", "deviceType", "--bootstrap", "50");

        overallOnly.ExitCode.Should().Be(0, "overall the damage is within the SemER tolerance: " + overallOnly.All);
        bySegment.ExitCode.Should().Be(1, bySegment.All);
        var verdict = bySegment.Out.Split('\n')[0];
        verdict.Should().StartWith("FAIL general v99: segment deviceType=tv got worse by +0.0282 (SemER 0.4810 vs 0.4528 on 124 utterances, tolerance 0.02 on segments of ≥ 50)");
        bySegment.Out.Should().Contain("deviceType=car: 109 utterances").And.Contain("vs served 0.3359, 0.000");
        bySegment.Out.Should().Contain("candidate: worst deviceType segment (of those with ≥ 50 utterances): screen");
    }

    [Fact]
    public async Task Gate_passes_a_candidate_that_no_segment_finds_worse()
    {
        using var temp = new TempFolder();
        var candidate = Candidate(temp, _ => { });

        var result = await CliRun.RunAsync("gate", "--data", TestData, "--candidate", candidate, "--registry", RepoPaths.BuiltInRegistry, "--segment", "deviceType", "--segment", "hour", "--bootstrap", "50");

        result.ExitCode.Should().Be(0, result.All);
        result.Out.Should().StartWith("PASS general v99").And.Contain("hour=night: ").And.Contain("deviceType=tv: 124 utterances");
    }

    [Fact]
    public async Task Gate_judges_only_segments_of_the_minimum_size()
    {
        using var temp = new TempFolder();
        var candidate = Candidate(temp, weights => weights["context.deviceType=tv"] = -30);

        var result = await CliRun.RunAsync("gate", "--data", TestData, "--candidate", candidate, "--registry", RepoPaths.BuiltInRegistry, "--segment", "deviceType", "--min-segment", "200", "--bootstrap", "20");

        result.ExitCode.Should().Be(0, result.All);
        result.Out.Should().Contain("deviceType=tv: 124 utterances").And.Contain("(not judged: small)");
    }

    private static string Candidate(TempFolder temp, Action<Dictionary<string, double>> change)
    {
        var served = Directory.GetFiles(Path.Combine(RepoPaths.BuiltInRegistry, "general"), "*.json").Order(StringComparer.Ordinal).Last();
        var file = WeightFileSerializer.Read(File.ReadAllBytes(served)).File!;
        var weights = file.Weights.ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal);
        change(weights);
        var path = temp.Combine("general-candidate.json");
        File.WriteAllBytes(path, WeightFileSerializer.Write(file with { Version = 99, Weights = weights }));
        return path;
    }
}
