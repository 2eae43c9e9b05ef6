using ReRanker.Core.Weights;
using ReRanker.Tests.Shared;
using ReRanker.Trainer.Tests.Cli;

namespace ReRanker.Trainer.Tests.Training;

/// <summary>deploy/registry must be exactly what its README's command produces with this trainer.</summary>
public sealed class BuiltInRegistryTests
{
    [Fact]
    public async Task Built_in_registry_is_reproduced_byte_for_byte_by_its_documented_command()
    {
        using var temp = new TempFolder();

        var result = await CliRun.RunAsync(
            "train", "--data", RepoPaths.Corpus("train.jsonl"), "--all", "--loss", "combined",
            "--out", temp.Path, "--created-at", "2026-11-21T00:00:00Z");

        result.ExitCode.Should().Be(0, result.All);
        var shipped = Directory.GetDirectories(RepoPaths.BuiltInRegistry).Select(Path.GetFileName).Order().ToArray();
        shipped.Should().HaveCount(18);
        foreach (var domain in shipped)
        {
            var expected = File.ReadAllBytes(Path.Combine(RepoPaths.BuiltInRegistry, domain!, "1.json"));
            File.ReadAllBytes(Path.Combine(temp.Path, domain!, "1.json")).Should().Equal(expected, $"{domain}/1.json must be reproducible");
            WeightFileSerializer.Read(expected).IsValid.Should().BeTrue();
        }
    }
}
