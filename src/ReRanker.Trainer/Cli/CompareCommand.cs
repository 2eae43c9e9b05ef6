using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ReRanker.Core.Features;
using ReRanker.Core.Metrics;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Evaluation;
using ReRanker.Trainer.Training;
using Spectre.Console;

namespace ReRanker.Trainer.Cli;

/// <summary>
/// <c>compare</c>: what independence costs. Trains R1, R2, R3 (per-domain, default settings) and one joint LightGBM
/// LambdaRank model over all domains on the same data and features, and measures each, with the unweighted baseline,
/// on a test corpus.
/// </summary>
internal static class CompareCommand
{
    public static Command Create(CliContext cli)
    {
        var data = new Option<string>("--data") { Description = "Training corpus (slurp-nbest JSON lines).", Required = true };
        var test = new Option<string>("--test") { Description = "Test corpus, never used for fitting.", Required = true };
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("compare", "Per-domain R1/R2/R3 against one joint LightGBM LambdaRank model (ML.NET) and the unweighted baseline: SemER, IRER, domain error, ECE, NDCG@1/@3, fit time.")
        {
            data, test, format,
        };
        command.SetAction((parse, cancellationToken) => cli.RunAsync(() => RunAsync(cli, parse.GetValue(data)!, parse.GetValue(test)!, parse.GetValue(format)!, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(CliContext cli, string dataPath, string testPath, string format, CancellationToken cancellationToken)
    {
        var train = await CorpusFile.ReadAsync(dataPath, cancellationToken).ConfigureAwait(false);
        var test = await CorpusFile.ReadAsync(testPath, cancellationToken).ConfigureAwait(false);
        var createdAt = DateTimeOffset.UnixEpoch;
        var features = FeatureSelection.Parse(FeatureSelection.Default);
        var rows = new List<ComparedRanker> { Measure("unweighted baseline", test.Examples, WeightSet.Empty, TimeSpan.Zero) };
        foreach (var (name, loss) in new[]
        {
            ("R1 expected SemER (--loss ese --l2 0.001)", new LossOptions(LossKind.Ese, 0.001, TrainDefaults.CeWeight)),
            ("R2 cross-entropy (--loss ce)", new LossOptions(LossKind.Ce, TrainDefaults.L2, TrainDefaults.CeWeight)),
            ("R3 combined (--loss combined)", new LossOptions(LossKind.Combined, TrainDefaults.L2, TrainDefaults.CeWeight)),
        })
        {
            var run = new TrainingRun(train, WeightSet.Empty, new TrainingSettings(loss, features, TrainDefaults.HoldOut, 1, createdAt));
            var clock = Stopwatch.StartNew();
            var weights = TrainEveryDomain(run, cancellationToken);
            rows.Add(Measure(name, test.Examples, weights, clock.Elapsed));
            await cli.Error.WriteLineAsync($"trained {name}").ConfigureAwait(false);
        }

        // The joint model fits on the same utterances as the per-domain files (the default held-out split removed).
        var fitRun = new TrainingRun(train, WeightSet.Empty, new TrainingSettings(new LossOptions(LossKind.Ce, TrainDefaults.L2, 0), features, TrainDefaults.HoldOut, 1, createdAt));
        var lightGbmClock = Stopwatch.StartNew();
        var joint = JointLightGbm.Fit(fitRun.Corpus, fitRun.Split.Fit, features, seed: 1);
        var lightGbmFit = lightGbmClock.Elapsed;
        rows.Add(MeasureJoint("LightGBM LambdaRank, one joint model (reference, never served)", test.Examples, joint, lightGbmFit));
        await cli.Error.WriteLineAsync("trained LightGBM").ConfigureAwait(false);

        if (format == "json")
        {
            await cli.Out.WriteLineAsync(Json(dataPath, testPath, rows)).ConfigureAwait(false);
        }
        else
        {
            WriteTable(cli, testPath, test.Examples.Count, rows);
        }

        return CliContext.Ok;
    }

    private static WeightSet TrainEveryDomain(TrainingRun run, CancellationToken cancellationToken)
    {
        var domains = run.TrainableDomains();
        var files = new DomainWeights[domains.Count];
        Parallel.For(0, domains.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            files[i] = new DomainWeights(DomainTrainer.Train(run, domains[i], 1).File));
        return new WeightSet(files);
    }

    private static ComparedRanker Measure(string name, IReadOnlyList<LabelledExample> examples, WeightSet weights, TimeSpan fit)
    {
        var evaluator = new Evaluator();
        var scores = new List<double>();
        foreach (var example in examples)
        {
            var ranking = Reranker.Rank(example.Hypotheses, example.Context, weights);
            evaluator.Add(example, ranking);
            var byIndex = new double[example.Hypotheses.Count];
            foreach (var scored in ranking)
            {
                byIndex[scored.Index] = scored.Probability;
            }

            scores.AddRange(byIndex);
        }

        var (ndcg1, ndcg3) = RankingQuality.Ndcg(examples, scores);
        var overall = evaluator.Build().Overall;
        return new ComparedRanker(name, overall, HasProbabilities: true, ndcg1, ndcg3, fit);
    }

    private static ComparedRanker MeasureJoint(string name, IReadOnlyList<LabelledExample> examples, JointLightGbm joint, TimeSpan fit)
    {
        var corpus = PreparedCorpus.Build(examples);
        var scores = joint.Score(corpus);
        var evaluator = new Evaluator();
        for (var e = 0; e < examples.Count; e++)
        {
            var start = corpus.Start[e];
            // Ranked by the model's score, ties by input order; its scores are not probabilities, so no ECE.
            var ranking = Enumerable.Range(0, examples[e].Hypotheses.Count)
                .OrderByDescending(i => scores[start + i])
                .Select(i => new ScoredHypothesis(i, scores[start + i], FeatureExtractor.Sigmoid(scores[start + i]), ScoringMethod.Weights, null))
                .ToArray();
            evaluator.Add(examples[e], ranking);
        }

        var (ndcg1, ndcg3) = RankingQuality.Ndcg(examples, scores);
        return new ComparedRanker(name, evaluator.Build().Overall, HasProbabilities: false, ndcg1, ndcg3, fit);
    }

    private static void WriteTable(CliContext cli, string testPath, int utterances, IReadOnlyList<ComparedRanker> rows)
    {
        var console = CliContext.ConsoleFor(cli.Out);
        var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape($"{Path.GetFileName(testPath)}, {utterances} utterances"));
        table.AddColumn("ranker");
        foreach (var column in new[] { "top-1 SemER", "IRER", "domain err", "ECE all", "ECE top-1", "NDCG@1", "NDCG@3", "fit (ms)" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var row in rows)
        {
            var m = row.Metrics;
            table.AddRow(
                Markup.Escape(row.Name), F(m.Semer), F(m.Irer), F(m.DomainError),
                row.HasProbabilities ? F(m.EceAll) : "–", row.HasProbabilities ? F(m.EceTop1) : "–",
                F(row.Ndcg1), F(row.Ndcg3), row.Fit == TimeSpan.Zero ? "–" : row.Fit.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.WriteLine("NDCG from ML.NET's ranking evaluator, relevance 2 exactly right, 1 right intent, 0 otherwise. ECE needs probabilities: LambdaRank scores are not.");
    }

    private static string Json(string dataPath, string testPath, IReadOnlyList<ComparedRanker> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("data", dataPath);
            writer.WriteString("test", testPath);
            writer.WriteStartArray("rankers");
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                writer.WriteString("name", row.Name);
                writer.WriteNumber("semer", row.Metrics.Semer);
                writer.WriteNumber("irer", row.Metrics.Irer);
                writer.WriteNumber("domainError", row.Metrics.DomainError);
                WriteOptional(writer, "eceAll", row.HasProbabilities ? row.Metrics.EceAll : null);
                WriteOptional(writer, "eceTop1", row.HasProbabilities ? row.Metrics.EceTop1 : null);
                writer.WriteNumber("ndcg1", row.Ndcg1);
                writer.WriteNumber("ndcg3", row.Ndcg3);
                writer.WriteNumber("fitMilliseconds", row.Fit.TotalMilliseconds);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private sealed record ComparedRanker(string Name, MetricSet Metrics, bool HasProbabilities, double Ndcg1, double Ndcg3, TimeSpan Fit);
}
