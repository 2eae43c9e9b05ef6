using ReRanker.Core.Weights;
using ReRanker.Trainer.Tests.Cli;

namespace ReRanker.Trainer.Tests.Privacy;

/// <summary>train --dp-epsilon: where it is allowed, what it writes, that a seed fixes it; and the privacy ledger.</summary>
public sealed class PrivateTrainingCliTests
{
    private static Task<CliResult> TrainPrivateAsync(string data, string output, params string[] more) =>
        CliRun.RunAsync(["train", "--data", data, "--loss", "ce", "--out", output, "--created-at", CliRun.FixedCreatedAt, "--domain", "calendar", .. more]);

    [Fact]
    public async Task Train_with_dp_epsilon_1_writes_epsilon_delta_and_the_mechanism_into_the_file()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 300);

        var result = await TrainPrivateAsync(data, temp.Combine("out"), "--dp-epsilon", "1");

        result.ExitCode.Should().Be(0, result.All);
        result.Out.Should().Contain("1-differentially private (objective-perturbation)").And.Contain("uncalibrated");
        var file = WeightFileSerializer.Read(File.ReadAllBytes(temp.Combine("out", "calendar", "1.json"))).File!;
        file.Training.Privacy.Should().Be(new PrivacyInfo("objective-perturbation", 1, 0, 2));
        file.Training.L2.Should().Be(0.003, "the private path has its own default regularisation");
        file.Weights.Keys.Should().BeEquivalentTo(["list.domainMargin", "log.product", "list.productMargin"], "the private default features");
        file.Calibration.Should().BeNull("a calibrator fitted on the training rows would fall outside the guarantee");
        file.Weights.Keys.Should().NotContain(k => k.StartsWith("context.", StringComparison.Ordinal), "context columns come from the data");
    }

    [Fact]
    public async Task Private_training_is_fixed_by_its_seed_and_moves_with_it()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 300);

        await TrainPrivateAsync(data, temp.Combine("a"), "--dp-epsilon", "1", "--seed", "4");
        await TrainPrivateAsync(data, temp.Combine("b"), "--dp-epsilon", "1", "--seed", "4");
        await TrainPrivateAsync(data, temp.Combine("c"), "--dp-epsilon", "1", "--seed", "5");

        var a = File.ReadAllBytes(temp.Combine("a", "calendar", "1.json"));
        File.ReadAllBytes(temp.Combine("b", "calendar", "1.json")).Should().Equal(a);
        var c = WeightFileSerializer.Read(File.ReadAllBytes(temp.Combine("c", "calendar", "1.json"))).File!;
        c.Bias.Should().NotBe(WeightFileSerializer.Read(a).File!.Bias);
    }

    [Fact]
    public async Task Less_epsilon_means_more_noise()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 300);
        var distances = new Dictionary<string, double>();
        await CliRun.RunAsync("train", "--data", data, "--loss", "ce", "--out", temp.Combine("exact"), "--domain", "calendar", "--dp-epsilon", "1e6", "--created-at", CliRun.FixedCreatedAt);
        var exact = WeightFileSerializer.Read(File.ReadAllBytes(temp.Combine("exact", "calendar", "1.json"))).File!;
        foreach (var epsilon in new[] { "0.5", "8" })
        {
            var total = 0.0;
            for (var seed = 1; seed <= 5; seed++)
            {
                var folder = temp.Combine($"e{epsilon}-{seed}");
                await TrainPrivateAsync(data, folder, "--dp-epsilon", epsilon, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var file = WeightFileSerializer.Read(File.ReadAllBytes(Path.Combine(folder, "calendar", "1.json"))).File!;
                total += Math.Sqrt(file.Weights.Sum(w => Math.Pow(w.Value - exact.Weights[w.Key], 2)) + Math.Pow(file.Bias - exact.Bias, 2));
            }

            distances[epsilon] = total / 5;
        }

        distances["0.5"].Should().BeGreaterThan(2 * distances["8"]);
    }

    [Theory]
    [InlineData("--loss ce --dp-epsilon 1 --dp-delta 0.001", "only δ = 0")]
    [InlineData("--loss combined --dp-epsilon 1", "needs --loss ce")]
    [InlineData("--loss ese --dp-epsilon 1", "not convex")]
    [InlineData("--loss ce --dp-epsilon 0", "--dp-epsilon must be")]
    [InlineData("--loss ce --dp-epsilon 1e7", "--dp-epsilon must be")]
    [InlineData("--loss ce --dp-epsilon 1 --l2 0", "--l2 above 0")]
    [InlineData("--loss ce --dp-epsilon 1 --calibration platt", "--calibration none")]
    [InlineData("--loss ce --dp-epsilon 1 --features logits+device", "context feature groups")]
    [InlineData("--loss ce --dp-epsilon 1 --balance deviceType", "--balance")]
    [InlineData("--loss ce --dp-delta 0", "need --dp-epsilon")]
    public async Task A_private_training_outside_the_guarantee_is_refused_with_a_clear_error(string options, string message)
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 100);

        var result = await CliRun.RunAsync(["train", "--data", data, "--out", temp.Combine("out"), "--domain", "calendar", .. options.Split(' ')]);

        result.ExitCode.Should().Be(2, result.All);
        result.Error.Should().Contain(message);
        Directory.Exists(temp.Combine("out")).Should().BeFalse("nothing is written when training is refused");
    }

    [Fact]
    public async Task The_ledger_adds_up_epsilon_over_versions_trained_on_the_same_data()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 300);
        var other = TestCorpus.WriteSlice(temp.Path, 250, "other.jsonl");
        var registry = temp.Combine("registry");
        await TrainPrivateAsync(data, registry, "--dp-epsilon", "1");
        await TrainPrivateAsync(data, registry, "--dp-epsilon", "0.5");
        await TrainPrivateAsync(other, registry, "--dp-epsilon", "2");

        var ledger = await CliRun.RunAsync("privacy", "--registry", registry);
        await CliRun.TrainAsync(data, registry, "--domain", "calendar");
        var withPublic = await CliRun.RunAsync("privacy", "--registry", registry);

        ledger.ExitCode.Should().Be(0, ledger.All);
        ledger.Out.Should().Contain("(v1 1, v2 0.5)").And.Contain(": ε 1.5 ").And.Contain("ε 2 (v3 2)");
        ledger.Out.Should().Contain("calendar total over every version (if all its data overlapped): ε 3.5");
        withPublic.Out.Should().Contain("ε ∞ (v1 1, v2 0.5, v4 ∞)");
    }
}
