namespace ReRanker.Core.Weights;

/// <summary>
/// One domain's weight file (docs/weights-format.md). Immutable once read. Schema version 1 has no calibration;
/// version 2 adds the optional <see cref="Calibration"/> section.
/// </summary>
public sealed record WeightFile(
    int SchemaVersion,
    string Domain,
    int Version,
    double Bias,
    IReadOnlyDictionary<string, double> Weights,
    DateTimeOffset CreatedAt,
    TrainingInfo Training)
{
    /// <summary>The schema version of a file without calibration (what every writer writes unless it calibrates).</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The schema version that may carry a <see cref="Calibration"/> section.</summary>
    public const int CalibrationSchemaVersion = 2;

    /// <summary>An isotonic map from score to probability, applied after the sigmoid's place (schema v2 only); null for none.</summary>
    public ScoreCalibration? Calibration { get; init; }

    /// <summary>The schema version a file with (or without) <paramref name="calibration"/> is written with.</summary>
    public static int SchemaVersionFor(ScoreCalibration? calibration) => calibration is null ? CurrentSchemaVersion : CalibrationSchemaVersion;

    /// <summary>Files larger than this are rejected before parsing.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Any bias or weight with a larger magnitude is rejected as absurd.</summary>
    public const double MaxAbsoluteWeight = 1e6;
}

/// <summary>How a weight file was made: enough to reproduce it and to judge it.</summary>
/// <param name="Loss">"ese", "ce", "combined", or "handmade" for weights not produced by the trainer.</param>
/// <param name="L2">L2 regularisation strength per utterance.</param>
/// <param name="CeWeight">Mix of the cross-entropy term in the combined loss, when used.</param>
/// <param name="DataSha256">sha256 (hex) of the training data file.</param>
/// <param name="TrainExamples">Utterances the weights were fit on.</param>
/// <param name="TrainHypotheses">Hypotheses of this domain the weights were fit on.</param>
/// <param name="HeldOutExamples">Utterances held out for <paramref name="Metrics"/>.</param>
/// <param name="Metrics">Held-out metrics, by name (for example semer, irer, eceAll).</param>
/// <param name="TrainerVersion">Version of the trainer that wrote the file.</param>
/// <param name="Seed">Random seed of the held-out split and initialisation.</param>
public sealed record TrainingInfo(
    string Loss,
    double L2,
    double? CeWeight,
    string DataSha256,
    int TrainExamples,
    int TrainHypotheses,
    int HeldOutExamples,
    IReadOnlyDictionary<string, double> Metrics,
    string? TrainerVersion = null,
    int? Seed = null)
{
    /// <summary>The differential-privacy guarantee of the bias and weights (<c>training.privacy</c>); null for none.</summary>
    public PrivacyInfo? Privacy { get; init; }
}

/// <summary>A reason a weight file was rejected, with the JSON path of the offending field.</summary>
public sealed record WeightFileError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
