using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Registry;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Registry;
using ReRanker.Trainer.Training;
using Spectre.Console;

namespace ReRanker.Trainer.Cli;

/// <summary><c>train</c>: fit one domain (or every domain) and write the next version file(s).</summary>
internal static class TrainCommand
{
    public static Command Create(CliContext cli)
    {
        var data = new Option<string>("--data") { Description = "Training corpus (slurp-nbest JSON lines).", Required = true };
        var domain = new Option<string?>("--domain") { Description = "The one domain to train." };
        var all = new Option<bool>("--all") { Description = "Train every domain that has hypotheses in the data, each independently." };
        var loss = new Option<string>("--loss") { Description = "ese (expected SemER), ce (cross-entropy) or combined.", Required = true };
        loss.AcceptOnlyFromAmong("ese", "ce", "combined");
        var output = new Option<string>("--out") { Description = "Folder to write <domain>/<version>.json into; the version comes after every version in --out and in --registry.", Required = true };
        var l2 = new Option<double>("--l2") { Description = "L2 strength on Σ w² (bias excluded), per utterance.", DefaultValueFactory = _ => TrainDefaults.L2 };
        var ceWeight = new Option<double>("--ce-weight") { Description = "Share of cross-entropy in the combined loss, in [0, 1].", DefaultValueFactory = _ => TrainDefaults.CeWeight };
        var registry = new Option<string?>("--registry") { Description = "Registry with the other domains' current weights, held fixed for expected SemER (default: none, i.e. the unweighted default policy)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the held-out split.", DefaultValueFactory = _ => 1 };
        var holdOut = new Option<double>("--holdout") { Description = "Share of utterances held out for the file's metrics, in [0, 1).", DefaultValueFactory = _ => TrainDefaults.HoldOut };
        var features = new Option<string>("--features") { Description = $"Feature groups joined by '+': {string.Join(", ", FeatureSelection.GroupNames)}.", DefaultValueFactory = _ => FeatureSelection.Default };
        var domainFeatures = new Option<string[]>("--domain-features") { Description = "DOMAIN=GROUPS: a feature set for one domain instead of --features; repeatable." };
        var createdAt = new Option<string?>("--created-at") { Description = "createdAt of the files (ISO 8601). Default: SOURCE_DATE_EPOCH if set, else now." };
        var calibration = new Option<string>("--calibration") { Description = "Post-hoc calibrator of the reported probabilities (never the ranking), per domain: platt, isotonic, auto (per domain the one with the lower held-out ECE) or none.", DefaultValueFactory = _ => "platt" };
        calibration.AcceptOnlyFromAmong("platt", "isotonic", "auto", "none");

        var command = new Command("train", "Fit domain weights and write the next version file(s) into a registry folder.")
        {
            data, domain, all, loss, output, l2, ceWeight, registry, seed, holdOut, features, domainFeatures, createdAt, calibration,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(domain) is null) == !result.GetValue(all))
            {
                result.AddError("Give exactly one of --domain <d> or --all.");
            }
        });
        command.SetAction((parse, cancellationToken) => cli.RunAsync(() => RunAsync(cli, new TrainOptions(
            parse.GetValue(data)!,
            parse.GetValue(domain),
            parse.GetValue(loss)!,
            parse.GetValue(output)!,
            parse.GetValue(l2),
            parse.GetValue(ceWeight),
            parse.GetValue(registry),
            parse.GetValue(seed),
            parse.GetValue(holdOut),
            parse.GetValue(features)!,
            parse.GetValue(domainFeatures) ?? [],
            parse.GetValue(createdAt),
            parse.GetValue(calibration)!), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(CliContext cli, TrainOptions options, CancellationToken cancellationToken)
    {
        var settings = options.ToSettings();
        if (options.Domain is not null && !DomainName.IsValid(options.Domain))
        {
            throw new TrainerInputException($"--domain '{options.Domain}' does not match {DomainName.Pattern}");
        }

        var total = Stopwatch.StartNew();
        var data = await CorpusFile.ReadAsync(options.Data, cancellationToken, requireGold: false).ConfigureAwait(false);
        var fixedWeights = options.Registry is null
            ? WeightSet.Empty
            : (await ServedRegistry.ReadAsync(cli, options.Registry, cancellationToken).ConfigureAwait(false)).Weights;
        var loaded = total.Elapsed;
        var run = new TrainingRun(data, fixedWeights, settings);
        var prepared = total.Elapsed;
        var trainable = run.TrainableDomains();
        if (options.Domain is { } one && !trainable.Contains(one, StringComparer.Ordinal))
        {
            throw new TrainerInputException($"no example for domain '{one}' in '{options.Data}'" + (run.Split.HeldOut.Length > 0 ? $" (outside the {run.Split.HeldOut.Length} held-out utterances)" : string.Empty));
        }

        var domains = options.Domain is { } single ? [single] : trainable;
        if (domains.Count == 0)
        {
            throw new TrainerInputException($"'{options.Data}' has no hypotheses to train on");
        }

        var versions = domains.Select(d => NextVersion(d, options)).ToArray();
        var fit = Stopwatch.StartNew();
        IReadOnlyList<DomainTrainingResult> results;
        try
        {
            results = TrainAll(cli, run, domains, versions, cancellationToken);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.FirstOrDefault(e => e is TrainerInputException) is { } input)
        {
            ExceptionDispatchInfo.Throw(input);
            throw;
        }

        fit.Stop();

        foreach (var result in results)
        {
            var path = await RegistryFolder.WriteAsync(options.Out, result.File, cancellationToken).ConfigureAwait(false);
            var metrics = result.File.Training.Metrics;
            var heldOut = metrics.TryGetValue("semer", out var semer)
                ? string.Create(CultureInfo.InvariantCulture, $"held-out semer {semer:F3} (before {metrics["baselineSemer"]:F3}) on {result.File.Training.HeldOutExamples} utterances")
                : "no held-out utterances";
            var fitBy = result.Optimization.Evaluations == 0 ? result.Optimization.ExitReason : $"{result.Optimization.Evaluations} evaluations";
            var calibrated = result.Calibration == CalibrationKind.None ? "uncalibrated" : $"{result.Calibration.ToString().ToLowerInvariant()} calibration";
            await cli.Out.WriteLineAsync($"{result.File.Domain}: wrote {path}; {result.Rows} hypotheses, {fitBy}, {calibrated}, {heldOut}").ConfigureAwait(false);
        }

        var hypotheses = results.Sum(r => r.Rows);
        await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"trained {results.Count} domain(s), {hypotheses} hypotheses: load {loaded.TotalMilliseconds:F0} ms, features {(prepared - loaded).TotalMilliseconds:F0} ms, fit {fit.Elapsed.TotalMilliseconds:F0} ms ({hypotheses / fit.Elapsed.TotalSeconds:F0} hypotheses/s), total {total.Elapsed.TotalMilliseconds:F0} ms")).ConfigureAwait(false);
        return CliContext.Ok;
    }

    /// <summary>
    /// The candidate's number: the registry's own next-version rule, applied to <c>--out</c> and, when given, to the
    /// <c>--registry</c> it will be gated against and published into (so a candidate is numbered after the served
    /// version, served + 1 when nothing newer is there, and never collides with a version of either folder).
    /// </summary>
    private static int NextVersion(string domain, TrainOptions options)
    {
        var inUse = RegistryFolder.VersionsInUse(Path.Combine(options.Out, domain));
        if (options.Registry is not null)
        {
            inUse = inUse.Concat(RegistryFolder.VersionsInUse(Path.Combine(options.Registry, domain)));
        }

        return RegistryLayout.NextVersion(inUse)
            ?? throw new TrainerInputException($"'{domain}' has used every version number ({RegistryLayout.VersionRule})");
    }

    /// <summary>Trains the domains in parallel; each is independent of the others, so results do not depend on scheduling.</summary>
    private static IReadOnlyList<DomainTrainingResult> TrainAll(CliContext cli, TrainingRun run, IReadOnlyList<string> domains, int[] versions, CancellationToken cancellationToken)
    {
        var results = new DomainTrainingResult[domains.Count];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        if (cli.Interactive && domains.Count > 1)
        {
            CliContext.ConsoleFor(cli.Error).Progress().Start(progress =>
            {
                var task = progress.AddTask("training", maxValue: domains.Count);
                Parallel.For(0, domains.Count, parallel, i =>
                {
                    results[i] = DomainTrainer.Train(run, domains[i], versions[i]);
                    task.Increment(1);
                });
            });
        }
        else
        {
            var done = 0;
            Parallel.For(0, domains.Count, parallel, i =>
            {
                results[i] = DomainTrainer.Train(run, domains[i], versions[i]);
                var n = Interlocked.Increment(ref done);
                lock (cli.Error)
                {
                    cli.Error.WriteLine($"[{n}/{domains.Count}] trained {domains[i]}");
                }
            });
        }

        return results;
    }

    private sealed record TrainOptions(
        string Data, string? Domain, string Loss, string Out, double L2, double CeWeight, string? Registry,
        int Seed, double HoldOut, string Features, string[] DomainFeatures, string? CreatedAt, string Calibration)
    {
        public TrainingSettings ToSettings()
        {
            if (!double.IsFinite(L2) || L2 < 0)
            {
                throw new TrainerInputException("--l2 must be a finite number ≥ 0");
            }

            if (CeWeight is < 0 or > 1 || double.IsNaN(CeWeight))
            {
                throw new TrainerInputException("--ce-weight must be within [0, 1]");
            }

            if (HoldOut is < 0 or >= 1 || double.IsNaN(HoldOut))
            {
                throw new TrainerInputException("--holdout must be within [0, 1)");
            }

            var loss = new LossOptions(LossOptions.ParseKind(Loss), L2, CeWeight);
            var perDomain = new Dictionary<string, FeatureSelection>(StringComparer.Ordinal);
            foreach (var spec in DomainFeatures)
            {
                var split = spec.IndexOf('=', StringComparison.Ordinal);
                if (split <= 0 || !DomainName.IsValid(spec[..split]))
                {
                    throw new TrainerInputException($"--domain-features '{spec}' must be DOMAIN=GROUPS");
                }

                perDomain[spec[..split]] = FeatureSelection.Parse(spec[(split + 1)..]);
            }

            return new TrainingSettings(loss, FeatureSelection.Parse(Features), HoldOut, Seed, CreatedAtParser.Resolve(CreatedAt))
            {
                DomainFeatures = perDomain,
                Calibration = Enum.Parse<CalibrationMode>(Calibration, ignoreCase: true),
            };
        }
    }
}
