using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using ReRanker.Core.Corpus;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Model;
using ReRanker.Core.Text;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Import;
using Spectre.Console;

namespace ReRanker.Trainer.Cli;

/// <summary><c>import</c>: decision-log folders (every replica) → a training corpus file, with a report of what was found.</summary>
internal static class ImportCommand
{
    public static Command Create(CliContext cli)
    {
        var logs = new Option<string[]>("--log") { Description = "A decision-log folder (DecisionLog:Path of a replica); repeat for several.", Required = true, AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out") { Description = "The corpus file to write (JSON lines; replaced atomically).", Required = true };
        var since = new Option<string?>("--since") { Description = "Only decisions at or after this time (ISO 8601)." };
        var until = new Option<string?>("--until") { Description = "Only decisions before this time (ISO 8601)." };
        var command = new Command("import", "Join decisions to user feedback by request id and write them as training records (slot values stay hashed).")
        {
            logs, output, since, until,
        };
        command.SetAction((parse, cancellationToken) => cli.RunAsync(async () =>
        {
            var window = new ImportWindow(Time(parse.GetValue(since), "--since"), Time(parse.GetValue(until), "--until"));
            if (window.Since >= window.Until)
            {
                throw new TrainerInputException("--since must be before --until");
            }

            var (examples, tally) = await TrafficImport.RunAsync(parse.GetValue(logs)!, window, cancellationToken).ConfigureAwait(false);
            var outPath = parse.GetValue(output)!;
            await WriteAsync(outPath, examples, cancellationToken).ConfigureAwait(false);
            Report(cli, tally, outPath, examples.Count);
            return CliContext.Ok;
        }));
        return command;
    }

    private static DateTimeOffset? Time(string? text, string option) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.ToUniversalTime()
        : throw new TrainerInputException($"{option} '{text}' is not an ISO 8601 date and time, e.g. 2026-11-21T10:00:00Z");

    /// <summary>Writes to a temporary name beside the file, then renames: a failed import never leaves half a corpus.</summary>
    private static async Task WriteAsync(string path, IReadOnlyList<LabelledExample> examples, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            throw new TrainerInputException($"--out '{path}': folder '{folder}' does not exist");
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                var line = new JsonLineWriter(JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
                foreach (var example in examples)
                {
                    line.Clear();
                    CorpusWriter.Write(line, example);
                    line.Raw("\n"u8);
                    await stream.WriteAsync(line.WrittenMemory, cancellationToken).ConfigureAwait(false);
                }

                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void Report(CliContext cli, ImportTally t, string outPath, int written)
    {
        var read = t.Read;
        var o = cli.Out;
        o.WriteLine(Invariant($"read {read.Segments} segments in {read.Folders} folder(s): {t.Decisions} decisions, {t.Feedback} feedback; {t.DuplicateRecords} duplicate records dropped, {read.TornLines} torn last lines and {read.InvalidLines} invalid lines skipped"));
        foreach (var example in read.InvalidExamples)
        {
            o.WriteLine($"  invalid: {example}");
        }

        o.WriteLine("feedback per outcome: " + string.Join(", ", FeedbackOutcomes.Names.Select((name, i) => Invariant($"{name} {t.ByOutcome[i]}"))));
        o.WriteLine(Invariant($"joined to a decision: {t.Joined}; unmatched feedback (no decision with its requestId): {t.UnmatchedFeedback}; feedback for decisions outside --since/--until: {t.FeedbackOutsideWindow}"));
        o.WriteLine(Invariant($"decisions without feedback (not training records): {t.DecisionsWithoutFeedback}; outside --since/--until: {t.DecisionsOutsideWindow}; superseded by a later decision or feedback with the same requestId: {t.SupersededDecisions} and {t.SupersededFeedback}"));
        if (t.NothingServed > 0 || t.CorrectionsUnderAnotherKey > 0)
        {
            o.WriteLine(Invariant($"nothing served (every hypothesis rejected): {t.NothingServed}; corrections hashed under another key than their decision (kept as served-wrong only): {t.CorrectionsUnderAnotherKey}"));
        }

        o.WriteLine(Invariant($"wrote {written} training records to {outPath}: {t.WithGold} with gold (accepted or corrected), {t.KnownWrongOnly} with only the served top hypothesis known wrong"));

        var table = new Table().Border(TableBorder.Simple).Title("failure points of the corrected defects (served top hypothesis not the correction), per gold domain");
        table.AddColumn("domain");
        table.AddColumn(new TableColumn("defects").RightAligned());
        table.AddColumn(new TableColumn("re-ranking (right interpretation in the list)").RightAligned());
        table.AddColumn(new TableColumn("upstream (not in the list)").RightAligned());
        foreach (var (domain, p) in t.FailurePoints)
        {
            table.AddRow(Markup.Escape(domain), Invariant($"{p.Defects}"), Invariant($"{p.Reranking}"), Invariant($"{p.Upstream}"));
        }

        var all = t.FailurePoints.Values;
        table.AddRow("[bold]all[/]", Invariant($"{all.Sum(p => p.Defects)}"), Invariant($"{all.Sum(p => p.Reranking)}"), Invariant($"{all.Sum(p => p.Upstream)}"));
        CliContext.ConsoleFor(o).Write(table);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
