using System.CommandLine;
using System.Text.Json;
using ReRanker.Core.Metrics;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Evaluation;

namespace ReRanker.Trainer.Cli;

/// <summary><c>plot</c>: one reliability diagram from several <c>evaluate --format json</c> outputs (e.g. R1, R2, R3 and the baseline).</summary>
internal static class PlotCommand
{
    public static Command Create(CliContext cli)
    {
        var reports = new Option<string[]>("--report") { Description = "NAME=FILE: an evaluate --format json output; repeat for each curve.", Required = true, AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out") { Description = "The .svg file to write.", Required = true };
        var title = new Option<string>("--title") { Description = "Title of the diagram.", DefaultValueFactory = _ => "Reliability, all hypotheses" };
        var command = new Command("plot", "Draw one reliability diagram (baseline of the first report, then each report's weights) from evaluate JSON outputs.")
        {
            reports, output, title,
        };
        command.SetAction((parse, cancellationToken) => cli.RunAsync(async () =>
        {
            var curves = new List<(string, IReadOnlyList<ReliabilityBin>)>();
            foreach (var spec in parse.GetValue(reports)!)
            {
                var split = spec.IndexOf('=', StringComparison.Ordinal);
                if (split <= 0)
                {
                    throw new TrainerInputException($"--report '{spec}' must be NAME=FILE");
                }

                var path = spec[(split + 1)..];
                if (!File.Exists(path))
                {
                    throw new TrainerInputException($"--report file '{path}' does not exist");
                }

                using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
                if (curves.Count == 0)
                {
                    curves.Add(("unweighted baseline", Bins(json.RootElement, "baseline", path)));
                }

                curves.Add((spec[..split], Bins(json.RootElement, "weights", path)));
            }

            var outPath = parse.GetValue(output)!;
            await File.WriteAllTextAsync(outPath, ReliabilityPlot.Render(parse.GetValue(title)!, curves), cancellationToken).ConfigureAwait(false);
            await cli.Error.WriteLineAsync($"wrote {outPath}").ConfigureAwait(false);
            return CliContext.Ok;
        }));
        return command;
    }

    private static ReliabilityBin[] Bins(JsonElement root, string section, string path)
    {
        try
        {
            return root.GetProperty(section).GetProperty("reliabilityAll").EnumerateArray().Select(b => new ReliabilityBin(
                b.GetProperty("lower").GetDouble(),
                b.GetProperty("upper").GetDouble(),
                b.GetProperty("count").GetInt32(),
                b.GetProperty("meanProbability").GetDouble(),
                b.GetProperty("accuracy").GetDouble())).ToArray();
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new TrainerInputException($"'{path}' is not an evaluate --format json output ({section}.reliabilityAll)", ex);
        }
    }
}
