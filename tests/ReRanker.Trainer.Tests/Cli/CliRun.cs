using ReRanker.Trainer.Cli;

namespace ReRanker.Trainer.Tests.Cli;

/// <summary>Runs the real command line in-process and captures what it prints.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public string All => Out + Error;
}

internal static class CliRun
{
    public const string FixedCreatedAt = "2026-11-21T00:00:00Z";

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await TrainerCli.RunAsync(args, output, error);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>train with a fixed createdAt, so files are comparable byte for byte.</summary>
    public static Task<CliResult> TrainAsync(string data, string output, params string[] more) =>
        RunAsync(["train", "--data", data, "--loss", "combined", "--out", output, "--created-at", FixedCreatedAt, .. more]);
}
