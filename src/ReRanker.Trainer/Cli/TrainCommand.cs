using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using ReRanker.Core.Metrics;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;
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
        var l2 = new Option<double>("--l2") { Description = $"L2 strength on Σ w² (bias excluded), per utterance; with --dp-epsilon on every coordinate, per record, default {TrainDefaults.PrivateL2}.", DefaultValueFactory = _ => TrainDefaults.L2 };
        var ceWeight = new Option<double>("--ce-weight") { Description = "Share of cross-entropy in the combined loss, in [0, 1].", DefaultValueFactory = _ => TrainDefaults.CeWeight };
        var registry = new Option<string?>("--registry") { Description = "Registry with the other domains' current weights, held fixed for expected SemER (default: none, i.e. the unweighted default policy)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the held-out split.", DefaultValueFactory = _ => 1 };
        var holdOut = new Option<double>("--holdout") { Description = "Share of utterances held out for the file's metrics, in [0, 1).", DefaultValueFactory = _ => TrainDefaults.HoldOut };
        var features = new Option<string>("--features") { Description = $"Feature groups joined by '+': {string.Join(", ", FeatureSelection.GroupNames)}.", DefaultValueFactory = _ => FeatureSelection.Default };
        var domainFeatures = new Option<string[]>("--domain-features") { Description = "DOMAIN=GROUPS: a feature set for one domain instead of --features; repeatable." };
        var createdAt = new Option<string?>("--created-at") { Description = "createdAt of the files (ISO 8601). Default: SOURCE_DATE_EPOCH if set, else now." };
        var calibration = new Option<string>("--calibration") { Description = "Post-hoc calibrator of the reported probabilities (never the ranking), per domain: platt, isotonic, auto (per domain the one with the lower held-out ECE) or none.", DefaultValueFactory = _ => "platt" };
        calibration.AcceptOnlyFromAmong("platt", "isotonic", "auto", "none");
        var balance = new Option<string?>("--balance") { Description = $"Context key whose segments get equal total weight in each domain's loss (as --segment; hour in buckets {SegmentKey.HourBucketsText})." };
        var dpEpsilon = new Option<double?>("--dp-epsilon") { Description = "Train utterance-level ε-differentially private weights (objective perturbation; --loss ce only; docs/privacy.md)." };
        var dpDelta = new Option<double>("--dp-delta") { Description = "δ of the guarantee; the mechanism is pure ε-DP, so only 0 is accepted.", DefaultValueFactory = _ => 0 };
        var dpFeatureNorm = new Option<double>("--dp-feature-norm") { Description = "With --dp-epsilon: feature rows (bias included) are divided by this bound, then clipped to norm 1.", DefaultValueFactory = _ => PrivacySettings.DefaultFeatureNormBound };

        var command = new Command("train", "Fit domain weights and write the next version file(s) into a registry folder.")
        {
            data, domain, all, loss, output, l2, ceWeight, registry, seed, holdOut, features, domainFeatures, createdAt, calibration,
            balance, dpEpsilon, dpDelta, dpFeatureNorm,
        };
        command.Validators.Add(result =>
        {
            // Two values for --domain (or --all) are the parser's own error; reading such an option here would throw.
            if (result.GetResult(domain) is { Tokens.Count: > 1 } || result.GetResult(all) is { Tokens.Count: > 1 })
            {
                return;
            }

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
            parse.GetValue(calibration)!)
        {
            Balance = parse.GetValue(balance),
            Privacy = parse.GetValue(dpEpsilon) is { } epsilon ? new PrivacyRequest(epsilon, parse.GetValue(dpDelta), parse.GetValue(dpFeatureNorm)) : null,
            DpOptionWithoutEpsilon = parse.GetValue(dpEpsilon) is null && (Given(parse, dpDelta) || Given(parse, dpFeatureNorm)),
            CalibrationGiven = Given(parse, calibration),
            L2Given = Given(parse, l2),
            FeaturesGiven = Given(parse, features) || (parse.GetValue(domainFeatures)?.Length ?? 0) > 0,
        }, cancellationToken)));
        return command;
    }

    private static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

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
            if (result.File.Training.Privacy is { } privacy)
            {
                calibrated += string.Create(CultureInfo.InvariantCulture, $", {privacy.Epsilon}-differentially private ({privacy.Mechanism})");
            }

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
        public string? Balance { get; init; }

        public PrivacyRequest? Privacy { get; init; }

        public bool DpOptionWithoutEpsilon { get; init; }

        public bool CalibrationGiven { get; init; }

        public bool L2Given { get; init; }

        public bool FeaturesGiven { get; init; }

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

            var l2 = Privacy is not null && !L2Given ? TrainDefaults.PrivateL2 : L2;
            var loss = new LossOptions(LossOptions.ParseKind(Loss), l2, CeWeight);
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

            SegmentKey? balance = null;
            if (Balance is not null && !SegmentKey.TryParse(Balance, out balance))
            {
                throw new TrainerInputException($"--balance '{Balance}' is not a context key (letters, digits, '_', '.', '-'; at most 64)");
            }

            var privacy = PrivacyChecks(loss, balance);
            var featureSpec = privacy is not null && !FeaturesGiven ? FeatureSelection.PrivateDefault : Features;
            return new TrainingSettings(loss, FeatureSelection.Parse(featureSpec), HoldOut, Seed, CreatedAtParser.Resolve(CreatedAt))
            {
                DomainFeatures = perDomain,
                Calibration = privacy is not null ? CalibrationMode.None : Enum.Parse<CalibrationMode>(Calibration, ignoreCase: true),
                Balance = balance,
                Privacy = privacy,
            };
        }

        /// <summary>Where the guarantee of docs/privacy.md holds, and nothing that would spend the data outside it.</summary>
        private PrivacySettings? PrivacyChecks(LossOptions loss, SegmentKey? balance)
        {
            if (DpOptionWithoutEpsilon)
            {
                throw new TrainerInputException("--dp-delta and --dp-feature-norm need --dp-epsilon");
            }

            if (Privacy is not { } dp)
            {
                return null;
            }

            if (!double.IsFinite(dp.Epsilon) || dp.Epsilon <= 0 || dp.Epsilon > WeightFile.MaxAbsoluteWeight)
            {
                throw new TrainerInputException($"--dp-epsilon must be above 0 and at most {WeightFile.MaxAbsoluteWeight:G} (a weight file's number rule)");
            }

            if (dp.Delta != 0)
            {
                throw new TrainerInputException("--dp-delta: objective perturbation here is pure ε-differential privacy; only δ = 0 is supported");
            }

            if (!double.IsFinite(dp.FeatureNorm) || dp.FeatureNorm <= 0)
            {
                throw new TrainerInputException("--dp-feature-norm must be a finite number above 0");
            }

            if (loss.Kind != LossKind.Ce)
            {
                throw new TrainerInputException($"--dp-epsilon needs --loss ce: the guarantee holds for the regularised convex cross-entropy; expected SemER ({loss.Name}) is not convex in the weights (docs/privacy.md)");
            }

            if (loss.L2 <= 0)
            {
                throw new TrainerInputException("--dp-epsilon needs --l2 above 0 (the objective must be strongly convex)");
            }

            if (balance is not null)
            {
                throw new TrainerInputException("--dp-epsilon cannot be combined with --balance: the segment weights depend on every utterance");
            }

            if (CalibrationGiven && Calibration != "none")
            {
                throw new TrainerInputException("--dp-epsilon needs --calibration none: a calibrator is fitted on the training rows outside the guarantee");
            }

            if (FeaturesGiven && (FeatureSelection.Parse(Features).Context != ContextFeatures.None || DomainFeatures.Any(d => FeatureSelection.Parse(d[(d.IndexOf('=', StringComparison.Ordinal) + 1)..]).Context != ContextFeatures.None)))
            {
                throw new TrainerInputException("--dp-epsilon: the device and context feature groups take their columns from the data; choose --features without them");
            }

            return new PrivacySettings(dp.Epsilon, dp.Delta, dp.FeatureNorm);
        }
    }

    private sealed record PrivacyRequest(double Epsilon, double Delta, double FeatureNorm);
}
