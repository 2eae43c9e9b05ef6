using System.Reflection;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Evaluation;

namespace ReRanker.Trainer.Training;

/// <summary>What training one domain produced.</summary>
internal sealed record DomainTrainingResult(WeightFile File, OptimizationResult Optimization, int Rows, CalibrationKind Calibration = CalibrationKind.None);

/// <summary>Fits one domain's weights and fills in the weight file's training metadata.</summary>
internal static class DomainTrainer
{
    /// <summary>"reranker-train &lt;Version&gt;", the Version of the trainer's project file (written into every weight file).</summary>
    public static readonly string TrainerVersion = "reranker-train " +
        (typeof(DomainTrainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? throw new InvalidOperationException("the trainer assembly has no informational version"));

    public static DomainTrainingResult Train(TrainingRun run, string domain, int version, IOptimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(domain);
        var settings = run.Settings;
        var problem = DomainProblem.Build(run.Corpus, run.FitExamples, domain, settings.FeaturesFor(domain), run.FixedScores);
        if (problem.Rows == 0)
        {
            throw new TrainerInputException($"no example for domain '{domain}' in '{run.Data.Path}' (after holding out {run.Split.HeldOut.Length} utterances)");
        }

        if (settings.Balance is { } balance)
        {
            problem = SegmentBalance.Apply(problem, run.Corpus, balance);
        }

        OptimizationResult optimization;
        Core.Weights.PrivacyInfo? privacy = null;
        if (settings.Privacy is { } dp)
        {
            // n is the corpus size, the same for neighbouring corpora (replace one record) whichever part a record falls in.
            (optimization, _) = ObjectivePerturbation.Fit(problem, settings.Loss.L2, dp, run.Corpus.Examples.Count, settings.Seed, optimizer ?? new LbfgsOptimizer());
            privacy = new Core.Weights.PrivacyInfo(ObjectivePerturbation.Mechanism, dp.Epsilon, dp.Delta, dp.FeatureNormBound);
        }
        else
        {
            optimization = Fit(problem, new DomainObjective(problem, settings.Loss), settings, optimizer ?? new LbfgsOptimizer());
        }

        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var c = 0; c < problem.ColumnNames.Count; c++)
        {
            weights[problem.ColumnNames[c]] = optimization.Point[c + 1];
        }

        var file = new WeightFile(
            WeightFile.CurrentSchemaVersion,
            domain,
            version,
            optimization.Point[0],
            weights,
            settings.CreatedAt,
            new TrainingInfo("placeholder", 0, null, run.Data.Sha256, 0, 0, 0, new Dictionary<string, double>()));
        var (calibrated, calibration, uncalibratedEce) = Calibrate(run, problem, optimization.Point, file);
        var metrics = HeldOutMetrics(run, calibrated);
        if (uncalibratedEce is { } before)
        {
            metrics.Values["uncalibratedDomainEceAll"] = before;
        }

        var training = new TrainingInfo(
            settings.Loss.Name,
            settings.Loss.L2,
            settings.Loss.Kind == LossKind.Combined ? settings.Loss.CeWeight : null,
            run.Data.Sha256,
            problem.Utterances,
            problem.Rows,
            metrics.Examples,
            metrics.Values,
            TrainerVersion,
            settings.Seed) { Privacy = privacy };
        return new DomainTrainingResult(calibrated with { Training = training }, optimization, problem.Rows, calibration);
    }

    /// <summary>
    /// The post-hoc calibration step (<see cref="PostHocCalibration"/>): <c>platt</c> or <c>isotonic</c> gives every
    /// domain whose fit rows hold both labels that calibrator; <c>auto</c> fits both and keeps the one with the lower ECE
    /// over the domain's own held-out hypotheses (Platt without any). A calibration changes the probabilities Core
    /// reports, never its ranking, so it needs no SemER check and depends on no other domain. Returns the held-out ECE
    /// before calibration when the file is calibrated and the held-out part has hypotheses of the domain.
    /// </summary>
    private static (WeightFile File, CalibrationKind Kind, double? UncalibratedEce) Calibrate(TrainingRun run, DomainProblem problem, double[] theta, WeightFile file)
    {
        var mode = run.Settings.Calibration;
        // A calibrator is fitted on the training rows: it would release them without the privacy guarantee.
        if (run.Settings.Privacy is not null || mode == CalibrationMode.None || !PostHocCalibration.CanFit(problem))
        {
            return (file, CalibrationKind.None, null);
        }

        var seed = run.Settings.Seed;
        var candidates = new List<(WeightFile File, CalibrationKind Kind)>();
        if (mode is CalibrationMode.Platt or CalibrationMode.Auto && PostHocCalibration.Platt(file, problem, theta, seed) is { } platt)
        {
            candidates.Add((platt, CalibrationKind.Platt));
        }

        if (mode is CalibrationMode.Isotonic or CalibrationMode.Auto)
        {
            candidates.Add((PostHocCalibration.Isotonic(file, problem, theta, seed), CalibrationKind.Isotonic));
        }

        if (candidates.Count == 0)
        {
            return (file, CalibrationKind.None, null);
        }

        var uncalibrated = HeldOutDomainEce(run, file);
        var best = uncalibrated is null ? candidates[0] : candidates.MinBy(c => HeldOutDomainEce(run, c.File));
        return (best.File, best.Kind, uncalibrated);
    }

    /// <summary>
    /// ECE over the domain's own hypotheses in the held-out utterances that concern it, with the fixed registry plus this
    /// file; null when the held-out part has no hypothesis of the domain.
    /// </summary>
    private static double? HeldOutDomainEce(TrainingRun run, WeightFile file)
    {
        var heldOut = HeldOutExamples(run, file.Domain);
        if (heldOut.Length == 0)
        {
            return null;
        }

        var report = CorpusEvaluation.Evaluate(heldOut, run.FixedWeights.With(new DomainWeights(file)));
        return report.PerDomain.TryGetValue(file.Domain, out var own) && own.Hypotheses > 0 ? own.EceAll : null;
    }

    private static LabelledExample[] HeldOutExamples(TrainingRun run, string domain) =>
        run.HeldOutExamples.Select(e => run.Corpus.Examples[e]).Where(e => CorpusEvaluation.Involves(e, domain)).ToArray();

    /// <summary>
    /// Cross-entropy is fit by ML.NET's logistic regression; its solution is the start point of ese and combined,
    /// which the project's own objective and L-BFGS (MathNet) then minimise. A problem ML.NET cannot fit (no
    /// feature column, or one label only) is left to the project's objective from zero for every loss.
    /// </summary>
    private static OptimizationResult Fit(DomainProblem problem, DomainObjective objective, TrainingSettings settings, IOptimizer optimizer)
    {
        if (!MlNetLogisticRegression.CanFit(problem))
        {
            return optimizer.Minimize(objective.Evaluate, new double[objective.Dimension]);
        }

        var (start, _) = MlNetLogisticRegression.Fit(problem, settings.Loss.L2, settings.Seed);
        // ML.NET fits unweighted rows; with --balance weights its solution is only the start.
        if (settings.Loss.Kind == LossKind.Ce && problem.UtteranceWeights is null)
        {
            return new OptimizationResult(start, objective.Evaluate(start, new double[objective.Dimension]), 0, "ML.NET LbfgsLogisticRegression");
        }

        return optimizer.Minimize(objective.Evaluate, start);
    }

    /// <summary>
    /// Metrics on the held-out utterances that concern the domain, ranked with the fixed registry plus this
    /// file: what serving it would give. <c>baselineSemer</c> is the same utterances without this file.
    /// </summary>
    private static (int Examples, Dictionary<string, double> Values) HeldOutMetrics(TrainingRun run, WeightFile file)
    {
        var heldOut = HeldOutExamples(run, file.Domain);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        if (heldOut.Length == 0)
        {
            return (0, values);
        }

        var report = CorpusEvaluation.Evaluate(heldOut, run.FixedWeights.With(new DomainWeights(file)));
        var before = CorpusEvaluation.Evaluate(heldOut, run.FixedWeights);
        values["semer"] = report.Overall.Semer;
        values["irer"] = report.Overall.Irer;
        values["domainError"] = report.Overall.DomainError;
        values["eceAll"] = report.Overall.EceAll;
        values["eceTop1"] = report.Overall.EceTop1;
        values["domainEceAll"] = report.PerDomain.TryGetValue(file.Domain, out var own) ? own.EceAll : 0;
        values["baselineSemer"] = before.Overall.Semer;
        return (heldOut.Length, values);
    }
}
