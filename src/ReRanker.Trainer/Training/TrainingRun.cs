using ReRanker.Core.Metrics;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Evaluation;

namespace ReRanker.Trainer.Training;

/// <summary>The post-hoc calibration step (<c>train --calibration</c>, <see cref="DomainTrainer"/>).</summary>
internal enum CalibrationMode
{
    /// <summary>ML.NET's Platt calibrator on every domain (the default, chosen on held-out parts of train.jsonl: docs/quality.md).</summary>
    Platt,

    /// <summary>ML.NET's isotonic calibrator on every domain.</summary>
    Isotonic,

    /// <summary>Both; per domain, the one with the lower held-out ECE.</summary>
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

    /// <summary>Equalise the segments of this context key in every domain's loss (<c>--balance</c>); null for none.</summary>
    public SegmentKey? Balance { get; init; }

    /// <summary>Differentially private cross-entropy (<c>--dp-epsilon</c>); null for none.</summary>
    public PrivacySettings? Privacy { get; init; }

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
    public TrainingRun(CorpusFile data, WeightSet fixedWeights, TrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fixedWeights);
        ArgumentNullException.ThrowIfNull(settings);
        Data = data;
        FixedWeights = fixedWeights;
        Settings = settings;
        var examples = data.Examples;
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
