using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Evaluation;

namespace ReRanker.Trainer.Training;

/// <summary>
/// The candidates of the post-hoc calibration step (<c>train --calibration</c>); each is kept only when it lowers the
/// held-out ECE without raising the held-out SemER (<see cref="DomainTrainer"/>).
/// </summary>
internal enum CalibrationMode
{
    /// <summary>ML.NET's Platt calibrator (the default, chosen on held-out parts of train.jsonl: docs/quality.md).</summary>
    Platt,

    /// <summary>ML.NET's isotonic calibrator.</summary>
    Isotonic,

    /// <summary>Both; the one with the lower held-out ECE.</summary>
    Auto,

    None,
}

/// <summary>Settings of one train command, shared by every domain it trains.</summary>
internal sealed record TrainingSettings(
    LossOptions Loss,
    FeatureSelection Features,
    double HoldOutFraction,
    int Seed,
    DateTimeOffset CreatedAt)
{
    /// <summary>Feature sets that replace <see cref="Features"/> for particular domains (<c>--domain-features</c>).</summary>
    public IReadOnlyDictionary<string, FeatureSelection> DomainFeatures { get; init; } = new Dictionary<string, FeatureSelection>(StringComparer.Ordinal);

    /// <summary>The post-hoc calibration step (<c>--calibration</c>).</summary>
    public CalibrationMode Calibration { get; init; } = CalibrationMode.Platt;

    public FeatureSelection FeaturesFor(string domain) => DomainFeatures.GetValueOrDefault(domain) ?? Features;
}

/// <summary>
/// Everything prepared once per run: the corpus with its features, the held-out split, and the scores of
/// every hypothesis under the fixed registry (what the other domains look like while one domain trains).
/// Each domain then trains independently of the others, so the order or parallelism of domains never
/// changes a file.
/// </summary>
internal sealed class TrainingRun
{
    public TrainingRun(CorpusFile data, WeightSet fixedWeights, TrainingSettings settings, int replicate = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fixedWeights);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicate, 1);
        Data = data;
        FixedWeights = fixedWeights;
        Settings = settings;
        var examples = replicate == 1 ? data.Examples : [.. Enumerable.Repeat(data.Examples, replicate).SelectMany(e => e)];
        Corpus = PreparedCorpus.Build(examples);
        Split = HoldOutSplit.Create(examples.Count, settings.HoldOutFraction, settings.Seed);
        FixedScores = CorpusEvaluation.Scores(examples, Corpus.Start, fixedWeights);
        // An example without gold cannot be measured, so holding it out would only waste it: it is always fitted.
        FitExamples = [.. Split.Fit.Concat(Split.HeldOut.Where(e => examples[e].Gold is null)).Order()];
        HeldOutExamples = [.. Split.HeldOut.Where(e => examples[e].Gold is not null)];
    }

    public CorpusFile Data { get; }

    public WeightSet FixedWeights { get; }

    public TrainingSettings Settings { get; }

    public PreparedCorpus Corpus { get; }

    public HoldOutSplit Split { get; }

    public double[] FixedScores { get; }

    /// <summary>The examples fitted: the split's fit part and every example without gold, ascending.</summary>
    public int[] FitExamples { get; }

    /// <summary>The held-out examples that are measured (those with gold), ascending.</summary>
    public int[] HeldOutExamples { get; }

    /// <summary>Domains with at least one labelled hypothesis in the fit part and a valid registry name, ordinal order.</summary>
    public IReadOnlyList<string> TrainableDomains() =>
        FitExamples.SelectMany(e => Enumerable.Range(Corpus.Start[e], Corpus.Start[e + 1] - Corpus.Start[e]))
            .Where(h => Corpus.Labelled[h]).Select(h => Corpus.Domains[Corpus.DomainIndex[h]])
            .Where(DomainName.IsValid).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
