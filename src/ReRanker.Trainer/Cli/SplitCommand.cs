using System.CommandLine;
using System.Text;
using ReRanker.Trainer.Data;

namespace ReRanker.Trainer.Cli;

/// <summary><c>split</c>: a seeded fit/held-out split of a corpus file into two files (for tuning and for the gate's held-out data).</summary>
internal static class SplitCommand
{
    public static Command Create(CliContext cli)
    {
        var data = new Option<string>("--data") { Description = "Corpus to split.", Required = true };
        var holdOut = new Option<double>("--holdout") { Description = "Share of utterances held out, in [0, 1).", DefaultValueFactory = _ => 0.2 };
        var seed = new Option<int>("--seed") { Description = "Seed of the split.", DefaultValueFactory = _ => 1 };
        var fitOut = new Option<string>("--fit-out") { Description = "File for the fit part.", Required = true };
        var heldOutOut = new Option<string>("--holdout-out") { Description = "File for the held-out part.", Required = true };
        var command = new Command("split", "Split a corpus into a fit part and a held-out part (lines kept verbatim, in order).")
        {
            data, holdOut, seed, fitOut, heldOutOut,
        };
        command.SetAction((parse, cancellationToken) => cli.RunAsync(async () =>
        {
            var path = parse.GetValue(data)!;
            var corpus = await CorpusFile.ReadAsync(path, cancellationToken, requireGold: false).ConfigureAwait(false);
            var fraction = parse.GetValue(holdOut);
            if (fraction is < 0 or >= 1 || double.IsNaN(fraction))
            {
                throw new TrainerInputException("--holdout must be within [0, 1)");
            }

            var split = HoldOutSplit.Create(corpus.Examples.Count, fraction, parse.GetValue(seed));
            var lines = (await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false)).Where(l => !string.IsNullOrWhiteSpace(l)).ToArray();
            await WriteAsync(parse.GetValue(fitOut)!, split.Fit.Select(i => lines[i]), cancellationToken).ConfigureAwait(false);
            await WriteAsync(parse.GetValue(heldOutOut)!, split.HeldOut.Select(i => lines[i]), cancellationToken).ConfigureAwait(false);
            await cli.Out.WriteLineAsync($"{split.Fit.Length} fit, {split.HeldOut.Length} held out").ConfigureAwait(false);
            return CliContext.Ok;
        }));
        return command;
    }

    private static Task WriteAsync(string path, IEnumerable<string> lines, CancellationToken cancellationToken) =>
        File.WriteAllLinesAsync(path, lines, new UTF8Encoding(false), cancellationToken);
}
