namespace ReRanker.Trainer.Tests.Cli;

/// <summary>Bad training input is a clear one-line error with exit code 2, and never an empty or partial weight file.</summary>
public sealed class TrainInputErrorTests
{
    [Fact]
    public async Task Domain_without_examples_is_an_error_not_an_empty_file()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 40);

        var result = await CliRun.TrainAsync(data, temp.Combine("out"), "--domain", "nosuchdomain");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("no example for domain 'nosuchdomain'");
        Directory.Exists(temp.Combine("out", "nosuchdomain")).Should().BeFalse();
    }

    [Fact]
    public async Task Bad_line_is_reported_with_its_line_number_and_field()
    {
        using var temp = new TempFolder();
        var lines = TestCorpus.Lines(5).ToList();
        lines[2] = lines[2].Replace("\"domainScore\":", "\"domainScore\":7", StringComparison.Ordinal);
        var data = temp.Combine("bad.jsonl");
        File.WriteAllLines(data, lines);

        var result = await CliRun.TrainAsync(data, temp.Combine("out"), "--all");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("line 3").And.Contain("domainScore");
        Directory.Exists(temp.Combine("out")).Should().BeFalse();
    }

    [Theory]
    [InlineData("--domain", "a", "--domain", "b")]
    [InlineData("--all", "true", "--all", "false")]
    public async Task An_option_given_twice_is_a_usage_error_not_a_crash(params string[] options)
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 40);

        var result = await CliRun.TrainAsync(data, temp.Combine("out"), options);

        result.ExitCode.Should().NotBe(0, result.All);
        result.All.Should().Contain($"Option '{options[0]}' expects a single argument").And.NotContain("Unhandled");
        Directory.Exists(temp.Combine("out")).Should().BeFalse();
    }

    [Fact]
    public async Task Missing_data_file_is_named()
    {
        using var temp = new TempFolder();

        var result = await CliRun.TrainAsync(temp.Combine("absent.jsonl"), temp.Combine("out"), "--all");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("absent.jsonl").And.Contain("does not exist");
    }

    [Theory]
    [InlineData("--l2", "-1")]
    [InlineData("--ce-weight", "1.5")]
    [InlineData("--created-at", "yesterday")]
    [InlineData("--features", "logits+magic")]
    public async Task Out_of_range_settings_are_refused(string option, string value)
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 40);

        var result = await CliRun.RunAsync("train", "--data", data, "--loss", "combined", "--out", temp.Combine("out"), "--all", option, value);

        result.ExitCode.Should().Be(2, result.All);
        result.Error.Should().StartWith("error:");
        Directory.Exists(temp.Combine("out")).Should().BeFalse();
    }

    [Fact]
    public async Task Context_keys_and_domains_a_weight_file_cannot_carry_are_left_out_not_a_crash()
    {
        using var temp = new TempFolder();
        var lines = TestCorpus.Lines(60)
            .Select(l => l.Replace("\"hour\":", "\"hour of day\":", StringComparison.Ordinal))
            .Select((l, i) => i == 0 ? l.Replace("\"domain\":\"alarm\"", "\"domain\":\"Bad Domain\"", StringComparison.Ordinal) : l)
            .ToList();
        var data = temp.Combine("odd.jsonl");
        File.WriteAllLines(data, lines);

        var result = await CliRun.TrainAsync(data, temp.Combine("out"), "--all", "--features", "logits+context");

        result.ExitCode.Should().Be(0, result.All);
        Directory.GetDirectories(temp.Combine("out")).Select(Path.GetFileName).Should().NotContain("Bad Domain");
        File.ReadAllText(Directory.GetFiles(temp.Combine("out"), "1.json", SearchOption.AllDirectories)[0]).Should().NotContain("hour of day");
    }
}
