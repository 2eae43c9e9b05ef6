using ReRanker.Core.Weights;
using ReRanker.Trainer.Tests.Cli;

namespace ReRanker.Trainer.Tests.Training;

/// <summary>
/// Expected SemER ranks a domain against the others, so it must see their served weights (--registry);
/// cross-entropy needs only the domain's own hypotheses, so the registry must not change its fit. (The post-hoc
/// calibration step judges a file as it would be served, other domains included, like the gate, so it is off here.)
/// </summary>
public sealed class FixedRegistryTests
{
    [Theory]
    [InlineData("ese", true)]
    [InlineData("combined", true)]
    [InlineData("ce", false)]
    public async Task Other_domains_weights_matter_only_to_losses_that_rank_across_domains(string loss, bool shouldDepend)
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 150);
        var registry = temp.Combine("registry");
        (await CliRun.TrainAsync(data, registry, "--all")).ExitCode.Should().Be(0);

        var alone = await TrainCalendarAsync(data, temp.Combine("alone"), loss);
        var withRegistry = await TrainCalendarAsync(data, temp.Combine("fixed"), loss, "--registry", registry);

        var same = alone.Bias == withRegistry.Bias && alone.Weights.OrderBy(w => w.Key).SequenceEqual(withRegistry.Weights.OrderBy(w => w.Key));
        same.Should().Be(!shouldDepend);
    }

    private static async Task<WeightFile> TrainCalendarAsync(string data, string output, string loss, params string[] more)
    {
        var result = await CliRun.RunAsync(["train", "--data", data, "--domain", "calendar", "--loss", loss, "--out", output, "--created-at", CliRun.FixedCreatedAt, "--calibration", "none", .. more]);
        result.ExitCode.Should().Be(0, result.All);
        return WeightFileSerializer.Read(File.ReadAllBytes(Path.Combine(output, "calendar", "1.json"))).File!;
    }
}
