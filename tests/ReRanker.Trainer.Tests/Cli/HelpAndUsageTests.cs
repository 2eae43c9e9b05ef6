namespace ReRanker.Trainer.Tests.Cli;

/// <summary>Every command explains itself, and misuse is refused before any work is done.</summary>
public sealed class HelpAndUsageTests
{
    [Theory]
    [InlineData("train", "--data", "--domain", "--all", "--loss", "--out", "--l2", "--ce-weight", "--registry", "--seed", "--created-at")]
    [InlineData("evaluate", "--data", "--registry", "--format", "--plot")]
    [InlineData("gate", "--data", "--candidate", "--registry", "--semer-tolerance", "--ece-tolerance")]
    public async Task Help_of_each_command_lists_its_options(string command, params string[] options)
    {
        var result = await CliRun.RunAsync(command, "--help");

        result.ExitCode.Should().Be(0);
        foreach (var option in options)
        {
            result.Out.Should().Contain(option);
        }
    }

    [Fact]
    public async Task Root_help_lists_the_commands()
    {
        var result = await CliRun.RunAsync("--help");

        result.ExitCode.Should().Be(0);
        result.Out.Should().Contain("train").And.Contain("evaluate").And.Contain("gate");
    }

    [Fact]
    public async Task Train_needs_exactly_one_of_domain_or_all()
    {
        using var temp = new TempFolder();

        var neither = await CliRun.TrainAsync(TestCorpus.TrainPath, temp.Path);
        var both = await CliRun.TrainAsync(TestCorpus.TrainPath, temp.Path, "--all", "--domain", "alarm");

        neither.ExitCode.Should().NotBe(0);
        neither.All.Should().Contain("exactly one of --domain");
        both.ExitCode.Should().NotBe(0);
        Directory.EnumerateFileSystemEntries(temp.Path).Should().BeEmpty("nothing is written when the command line is wrong");
    }

    [Fact]
    public async Task Unknown_loss_is_refused()
    {
        using var temp = new TempFolder();

        var result = await CliRun.RunAsync("train", "--data", TestCorpus.TrainPath, "--all", "--loss", "hinge", "--out", temp.Path);

        result.ExitCode.Should().NotBe(0);
        result.All.Should().Contain("hinge");
    }
}
