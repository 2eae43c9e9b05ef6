using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Evaluation;

namespace ReRanker.Trainer.Training;

/// <summary>What training one domain produced.</summary>
internal sealed record DomainTrainingResult(WeightFile File, OptimizationResult Optimization, int Rows);

/// <summary>Fits one domain's weights and fills in the weight file's training metadata.</summary>
internal static class DomainTrainer
{
    public const string TrainerVersion = "reranker-train 1.0.0";

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

        var objective = new DomainObjective(problem, settings.Loss);
        var optimization = (optimizer ?? new LbfgsOptimizer()).Minimize(objective.Evaluate, new double[objective.Dimension]);
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
        var metrics = HeldOutMetrics(run, file);
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
            settings.Seed);
        return new DomainTrainingResult(file with { Training = training }, optimization, problem.Rows);
    }

    /// <summary>
    /// Metrics on the held-out utterances that concern the domain, ranked with the fixed registry plus this
    /// file: what serving it would give. <c>baselineSemer</c> is the same utterances without this file.
    /// </summary>
    private static (int Examples, Dictionary<string, double> Values) HeldOutMetrics(TrainingRun run, WeightFile file)
    {
        var heldOut = run.HeldOutExamples.Select(e => run.Corpus.Examples[e]).Where(e => CorpusEvaluation.Involves(e, file.Domain)).ToArray();
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
