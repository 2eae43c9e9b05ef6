using System.CommandLine;

namespace ReRanker.Trainer.Cli;

/// <summary>The reranker-train command line: train, evaluate, gate, split, plot, compare, import, privacy.</summary>
internal static class TrainerCli
{
    public static RootCommand Build(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        return new RootCommand("Trains, evaluates and gates ReRanker per-domain weight files (docs/trainer.md).")
        {
            TrainCommand.Create(cli),
            EvaluateCommand.Create(cli),
            GateCommand.Create(cli),
            SplitCommand.Create(cli),
            PlotCommand.Create(cli),
            CompareCommand.Create(cli),
            ImportCommand.Create(cli),
            PrivacyCommand.Create(cli),
        };
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing results to <paramref name="output"/> and everything else to <paramref name="error"/>.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = Build(new CliContext(output, error));
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
