using System.Globalization;
using System.Text.Json;
using ReRanker.Core.Corpus;
using ReRanker.Core.Model;

namespace ReRanker.TrafficLoop;

/// <summary>What one loop uses: the binaries, the corpus, how much of it starts the weights and how much is traffic.</summary>
/// <param name="Slice">Lines of train.jsonl (from the top) that train the starting weights; 0 starts with no weights.</param>
/// <param name="Traffic">Lines after the slice served as traffic; null: all the rest.</param>
/// <param name="Rounds">The traffic is served in this many consecutive parts; after each but the last the weights are
/// retrained on everything imported so far and the next part is served with them (1: one pass with the starting weights).</param>
public sealed record LoopSettings(string ApiDll, string TrainerDll, string TrainPath, string TestPath, string Work, int Slice, int? Traffic, int Seed, int Rounds = 1)
{
    public const string CreatedAt = "2026-11-21T00:00:00Z";
}

/// <summary>Top-1 SemER on the test split of each registry the loop produced, and the share of the gold gain recovered.</summary>
public sealed record LoopFigures(
    int SliceUtterances,
    int TrafficUtterances,
    int Rounds,
    int ImportedRecords,
    int ImportedWithGold,
    double SemerBefore,
    double SemerTraffic,
    double SemerTrafficWithoutNegatives,
    double SemerGold,
    TrafficTally Tally)
{
    /// <summary>(before − traffic) / (before − gold): how much of what full labels would gain, the traffic gained.</summary>
    public double ShareRecovered => (SemerBefore - SemerTraffic) / (SemerBefore - SemerGold);

    public double ShareRecoveredWithoutNegatives => (SemerBefore - SemerTrafficWithoutNegatives) / (SemerBefore - SemerGold);
}

/// <summary>
/// The whole learning loop: train starting weights on a slice of train.jsonl (or none), serve the traffic split through
/// a real service with <c>--DecisionLog:Path</c>, let <see cref="SimulatedUser"/>s answer through /v1/feedback,
/// <c>reranker-train import</c> the log, <c>train --data FILE --all --loss combined</c> on it, and evaluate on the test
/// split against the same training with the traffic's full gold labels and with the records without gold dropped.
/// </summary>
public static class LoopRun
{
    private static readonly TimeSpan TrainerTimeout = TimeSpan.FromMinutes(5);

    public static async Task<LoopFigures> RunAsync(LoopSettings settings, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var say = progress ?? (_ => { });
        var work = Directory.CreateDirectory(settings.Work).FullName;
        var lines = File.ReadAllLines(settings.TrainPath).Where(l => l.Length > 0).ToArray();
        var traffic = lines.Skip(settings.Slice).Take(settings.Traffic ?? int.MaxValue).ToArray();
        var slicePath = Path.Combine(work, "slice.jsonl");
        var trafficPath = Path.Combine(work, "traffic.jsonl");
        await File.WriteAllLinesAsync(slicePath, lines.Take(settings.Slice), cancellationToken).ConfigureAwait(false);
        await File.WriteAllLinesAsync(trafficPath, traffic, cancellationToken).ConfigureAwait(false);

        var start = Directory.CreateDirectory(Path.Combine(work, "registry-start")).FullName;
        if (settings.Slice > 0)
        {
            say($"training the starting weights on {settings.Slice} utterances");
            await TrainAsync(settings, slicePath, start).ConfigureAwait(false);
        }

        var log = Path.Combine(work, "decision-log");
        var examples = traffic.Select((l, i) => CorpusReader.ParseLine(l, i + 1)).ToArray();
        var tally = new TrafficTally();
        var imported = Path.Combine(work, "imported.jsonl");
        var serving = start;
        string report = string.Empty;
        for (var round = 0; round < settings.Rounds; round++)
        {
            var part = examples[(round * examples.Length / settings.Rounds)..((round + 1) * examples.Length / settings.Rounds)];
            say($"round {round + 1}/{settings.Rounds}: serving {part.Length} utterances with {Path.GetFileName(serving)}, the decision log in {log}");
            await using (var service = await ServiceProcess.StartAsync(settings.ApiDll, new Dictionary<string, string>
            {
                ["Registry:Path"] = serving,
                ["DecisionLog:Path"] = log,
                ["DecisionLog:ReplicaId"] = "loop",
            }).ConfigureAwait(false))
            {
                var served = await new TrafficDriver(service.Client, settings.Seed).RunAsync(part, cancellationToken).ConfigureAwait(false);
                tally.Add(served);
                await service.WaitForLoggedAsync(served.Requests + served.Requests - served.NoFeedback, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }

            say("importing the decision log");
            report = (await Processes.RunAsync(settings.TrainerDll, ["import", "--log", log, "--out", imported], TrainerTimeout).ConfigureAwait(false)).EnsureSuccess("import").Output;
            if (round + 1 < settings.Rounds)
            {
                serving = await TrainAsync(settings, imported, Path.Combine(work, $"registry-round-{round + 1}")).ConfigureAwait(false);
            }
        }

        say(report.TrimEnd());
        var records = File.ReadAllLines(imported).Where(l => l.Length > 0).ToArray();
        var withGold = records.Where(l => CorpusReader.ParseLine(l, 1).Gold is not null).ToArray();
        var goldOnly = Path.Combine(work, "imported-gold-only.jsonl");
        await File.WriteAllLinesAsync(goldOnly, withGold, cancellationToken).ConfigureAwait(false);

        say("retraining: on the imported traffic, on its records with gold only, and on the same utterances with full gold labels");
        var fromTraffic = await TrainAsync(settings, imported, Path.Combine(work, "registry-traffic")).ConfigureAwait(false);
        var withoutNegatives = await TrainAsync(settings, goldOnly, Path.Combine(work, "registry-traffic-gold-only")).ConfigureAwait(false);
        var fromGold = await TrainAsync(settings, trafficPath, Path.Combine(work, "registry-gold")).ConfigureAwait(false);

        say("evaluating on the test split");
        return new LoopFigures(
            settings.Slice,
            traffic.Length,
            settings.Rounds,
            records.Length,
            withGold.Length,
            await SemerAsync(settings, start).ConfigureAwait(false),
            await SemerAsync(settings, fromTraffic).ConfigureAwait(false),
            await SemerAsync(settings, withoutNegatives).ConfigureAwait(false),
            await SemerAsync(settings, fromGold).ConfigureAwait(false),
            tally);
    }

    /// <summary>The figures as the JSON the loop script writes.</summary>
    public static string ToJson(LoopFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            var t = figures.Tally;
            w.WriteStartObject();
            w.WriteNumber("sliceUtterances", figures.SliceUtterances);
            w.WriteNumber("trafficUtterances", figures.TrafficUtterances);
            w.WriteNumber("rounds", figures.Rounds);
            w.WriteNumber("servedRight", t.ServedRight);
            w.WriteNumber("noFeedback", t.NoFeedback);
            w.WriteStartObject("feedback");
            for (var i = 0; i < t.ByOutcome.Length; i++)
            {
                w.WriteNumber(ReRanker.Core.DecisionLog.FeedbackOutcomes.Names[i], t.ByOutcome[i]);
            }

            w.WriteEndObject();
            w.WriteNumber("correctionShare", t.CorrectionShare);
            w.WriteNumber("importedRecords", figures.ImportedRecords);
            w.WriteNumber("importedWithGold", figures.ImportedWithGold);
            w.WriteNumber("semerBefore", figures.SemerBefore);
            w.WriteNumber("semerTraffic", figures.SemerTraffic);
            w.WriteNumber("semerTrafficWithoutNegatives", figures.SemerTrafficWithoutNegatives);
            w.WriteNumber("semerGold", figures.SemerGold);
            w.WriteNumber("shareRecovered", figures.ShareRecovered);
            w.WriteNumber("shareRecoveredWithoutNegatives", figures.ShareRecoveredWithoutNegatives);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static async Task<string> TrainAsync(LoopSettings settings, string data, string output)
    {
        Directory.CreateDirectory(output);
        (await Processes.RunAsync(settings.TrainerDll, ["train", "--data", data, "--all", "--loss", "combined", "--out", output, "--created-at", LoopSettings.CreatedAt], TrainerTimeout).ConfigureAwait(false))
            .EnsureSuccess($"train on {Path.GetFileName(data)}");
        return output;
    }

    private static async Task<double> SemerAsync(LoopSettings settings, string registry)
    {
        var result = (await Processes.RunAsync(settings.TrainerDll, ["evaluate", "--data", settings.TestPath, "--registry", registry, "--format", "json"], TrainerTimeout).ConfigureAwait(false))
            .EnsureSuccess($"evaluate {Path.GetFileName(registry)}");
        var json = result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..];
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("weights").GetProperty("semer").GetDouble();
    }

    internal static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
