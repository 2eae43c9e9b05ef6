using System.CommandLine;
using System.Globalization;
using ReRanker.Core.Metrics;
using ReRanker.Core.Scoring;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Evaluation;
using ReRanker.Trainer.Registry;
using ReRanker.Trainer.Segments;
using Spectre.Console;

namespace ReRanker.Trainer.Cli;

/// <summary><c>evaluate</c>: the corpus metrics of a registry and of the unweighted baseline, as a table or JSON, plus a reliability diagram.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliContext cli)
    {
        var data = new Option<string>("--data") { Description = "Labelled corpus to evaluate on (slurp-nbest JSON lines).", Required = true };
        var registry = new Option<string>("--registry") { Description = "Registry folder (<domain>/<version>.json); domains without weights use the unweighted default policy.", Required = true };
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var plot = new Option<string?>("--plot") { Description = "Write the reliability diagram (weights and baseline against the diagonal) to this .svg file." };
        var segments = new SegmentOptions();
        var command = new Command("evaluate", "Top-1 SemER, IRER, domain error and ECE of a registry and of the unweighted baseline, overall, per domain and per segment.")
        {
            data, registry, format, plot,
        };
        foreach (var option in segments.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => cli.RunAsync(() => RunAsync(
            cli, parse.GetValue(data)!, parse.GetValue(registry)!, parse.GetValue(format)!, parse.GetValue(plot), segments.Read(parse), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(CliContext cli, string dataPath, string registryPath, string format, string? plotPath, SegmentSettings segmentSettings, CancellationToken cancellationToken)
    {
        if (plotPath is not null && !plotPath.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            throw new TrainerInputException($"--plot '{plotPath}': only .svg is supported");
        }

        var served = await ServedRegistry.ReadAsync(cli, registryPath, cancellationToken).ConfigureAwait(false);
        var data = await CorpusFile.ReadAsync(dataPath, cancellationToken).ConfigureAwait(false);
        var weightSet = served.Weights;
        var weights = new EvaluatedRanker(CorpusEvaluation.Evaluate(data.Examples, weightSet), BinaryMetrics.PerDomain(data.Examples, weightSet));
        var baseline = new EvaluatedRanker(CorpusEvaluation.Evaluate(data.Examples, WeightSet.Empty), BinaryMetrics.PerDomain(data.Examples, WeightSet.Empty));
        var evaluated = new EvaluatedData(dataPath, data.Sha256, ServedRegistry.Versions(served));
        var segments = segmentSettings.Reports(data.Examples, weightSet);

        if (format == "json")
        {
            await cli.Out.WriteLineAsync(ReportJson.Write(evaluated, weights, baseline, segments)).ConfigureAwait(false);
        }
        else
        {
            WriteTable(cli, evaluated, weights, baseline);
            WriteSegments(cli, segments);
        }

        if (plotPath is not null)
        {
            var svg = ReliabilityPlot.Render(
                $"Reliability, all hypotheses ({Path.GetFileName(dataPath)})",
                [("unweighted baseline", baseline.Report.ReliabilityAll), ($"weights ({Path.GetFileName(Path.TrimEndingDirectorySeparator(registryPath))})", weights.Report.ReliabilityAll)]);
            await File.WriteAllTextAsync(plotPath, svg, cancellationToken).ConfigureAwait(false);
            await cli.Error.WriteLineAsync($"wrote {plotPath}").ConfigureAwait(false);
        }

        return CliContext.Ok;
    }

    private static void WriteTable(CliContext cli, EvaluatedData data, EvaluatedRanker weights, EvaluatedRanker baseline)
    {
        var console = CliContext.ConsoleFor(cli.Out);
        var weighted = data.Versions.Count == 0 ? "none (every domain by the default policy)" : string.Join(", ", data.Versions.Select(v => $"{v.Key} v{v.Value}"));
        console.WriteLine($"data {data.Path} (sha256 {data.Sha256[..12]}…); weights: {weighted}");
        console.Write(Table($"weights ({data.Versions.Count} domains weighted)", weights));
        console.Write(Table("unweighted baseline", baseline));
        console.WriteLine("SemER, IRER, domain error and ECE top-1 per domain group utterances by gold domain; ECE all, AUC and log-loss per domain group hypotheses by their own domain.");
        console.WriteLine("AUC and log-loss (bits) are ML.NET's binary evaluator on the served probability against \"exactly right\"; AUC – with one class only; log-loss ∞ when a right hypothesis got probability 0.");
    }

    private static void WriteSegments(CliContext cli, IReadOnlyList<SegmentReport> segments)
    {
        if (segments.Count == 0)
        {
            return;
        }

        var console = CliContext.ConsoleFor(cli.Out);
        foreach (var report in segments)
        {
            console.Write(SegmentText.Table(report));
            console.WriteLine(SegmentText.WorstLine(report));
        }

        console.WriteLine("Segments are of the weights; intervals are bootstrap percentiles over the segment's utterances; gap = segment SemER − the whole's.");
    }

    // Narrow enough for an 80-column terminal: one table per ranker rather than paired columns.
    private static Table Table(string title, EvaluatedRanker ranker)
    {
        var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(title));
        table.AddColumn("domain");
        foreach (var column in new[] { "utts", "SemER", "IRER", "domain err", "ECE all", "ECE top-1", "AUC", "log-loss" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        AddRow(table, "[bold]overall[/]", ranker.Report.Overall, null);
        foreach (var (domain, metrics) in ranker.Report.PerDomain)
        {
            AddRow(table, Markup.Escape(domain), metrics, ranker.Binary.GetValueOrDefault(domain));
        }

        return table;
    }

    private static void AddRow(Table table, string name, MetricSet m, BinaryFigures? binary) =>
        table.AddRow(
            name, m.Utterances.ToString(CultureInfo.InvariantCulture), F(m.Semer), F(m.Irer), F(m.DomainError), F(m.EceAll), F(m.EceTop1),
            binary?.Auc is { } auc ? F(auc) : "–", binary is null ? "–" : double.IsFinite(binary.LogLoss) ? F(binary.LogLoss) : "∞");

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
