using System.CommandLine;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Evaluation;
using ReRanker.Registry;
using ReRanker.Trainer.Registry;
using ReRanker.Trainer.Segments;

namespace ReRanker.Trainer.Cli;

/// <summary><c>gate</c>: exit 0 only if a candidate weight file is not worse than its domain's served version.</summary>
internal static class GateCommand
{
    public static Command Create(CliContext cli)
    {
        var data = new Option<string>("--data") { Description = "Held-out labelled corpus (never the data the candidate was trained on).", Required = true };
        var candidate = new Option<string>("--candidate") { Description = "The candidate weight file.", Required = true };
        var registry = new Option<string>("--registry") { Description = "The registry folder the service serves from.", Required = true };
        var semerTolerance = new Option<double>("--semer-tolerance") { Description = "Allowed top-1 SemER increase.", DefaultValueFactory = _ => GateRule.DefaultSemerTolerance };
        var eceTolerance = new Option<double>("--ece-tolerance") { Description = "Allowed increase of the domain's ECE over its own hypotheses.", DefaultValueFactory = _ => GateRule.DefaultEceTolerance };
        var log = new Option<string[]>("--log") { Description = "Decision-log folders: adds live evidence from logged requests with feedback (informational; the verdict is unchanged)." };
        var evidenceJson = new Option<string?>("--evidence-json") { Description = "With --log: also write the live evidence as JSON to this file." };
        var segmentTolerance = new Option<double>("--segment-tolerance") { Description = "Allowed top-1 SemER increase in any --segment value with at least --min-segment utterances.", DefaultValueFactory = _ => SegmentGateRule.DefaultTolerance };
        var segments = new SegmentOptions();
        var command = new Command("gate", "Exit 0 only if the candidate is not worse than the served version of its domain (SemER and ECE within tolerances, overall and in every --segment value); else exit 1 with a one-line reason.")
        {
            data, candidate, registry, semerTolerance, eceTolerance, segmentTolerance, log, evidenceJson,
        };
        foreach (var option in segments.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => cli.RunAsync(async () =>
        {
            var rule = new GateRule(parse.GetValue(semerTolerance), parse.GetValue(eceTolerance));
            var candidatePath = parse.GetValue(candidate)!;
            var read = WeightFileLoader.ReadFile(candidatePath);
            if (!read.IsValid)
            {
                throw new TrainerInputException($"candidate '{candidatePath}' is not a valid weight file: {read.Describe()}");
            }

            var served = await ServedRegistry.ReadAsync(cli, parse.GetValue(registry)!, cancellationToken).ConfigureAwait(false);
            var corpus = await CorpusFile.ReadAsync(parse.GetValue(data)!, cancellationToken).ConfigureAwait(false);
            var verdict = rule.Judge(corpus, served.Weights, read.File!);
            var segmentSettings = segments.Read(parse);
            var bySegment = segmentSettings.Any
                ? new SegmentGateRule(parse.GetValue(segmentTolerance)).Judge(GateRule.ExamplesFor(corpus, read.File!.Domain), served.Weights, read.File!, segmentSettings)
                : null;
            var passed = verdict.Passed && bySegment?.Passed != false;
            await cli.Out.WriteLineAsync(verdict.Passed && bySegment is { Passed: false }
                ? $"FAIL {read.File!.Domain} v{read.File!.Version}: {bySegment.FailureReason()}; overall {verdict.Line}"
                : verdict.Line).ConfigureAwait(false);
            if (bySegment is not null)
            {
                SegmentText.WriteComparisons(cli.Out, bySegment);
            }

            if (parse.GetValue(log) is { Length: > 0 } folders)
            {
                await LiveEvidenceReport.WriteAsync(cli, folders, served.Weights, read.File!, parse.GetValue(evidenceJson), cancellationToken).ConfigureAwait(false);
            }

            return passed ? CliContext.Ok : CliContext.GateFailed;
        }));
        return command;
    }
}
