using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using ReRanker.Core.Weights;

namespace ReRanker.Trainer.Training;

/// <summary>Which post-hoc calibrator a domain's file got.</summary>
internal enum CalibrationKind
{
    None,

    /// <summary>ML.NET's Platt calibrator, the file's <c>platt</c> calibration section (schema v2).</summary>
    Platt,

    /// <summary>ML.NET's isotonic (pool-adjacent-violators) calibrator, the file's <c>isotonic</c> calibration section (schema v2).</summary>
    Isotonic,
}

/// <summary>
/// The calibrators of one domain, fitted by ML.NET on the domain's scores over its fit rows (the rows the weights were
/// fit on) against "exactly right", and stored as the file's calibration section. Core applies the section to the
/// probability it reports and never to the order, so a calibrator cannot change a ranking (docs/weights-format.md).
/// </summary>
internal static class PostHocCalibration
{
    /// <summary>The file with ML.NET's Platt calibrator as its calibration section; null when the fitted map is not increasing.</summary>
    public static WeightFile? Platt(WeightFile file, DomainProblem problem, double[] theta, int seed)
    {
        ArgumentNullException.ThrowIfNull(file);
        var ml = new MLContext(seed);
        IPredictionTransformer<PlattCalibrator> fitted = ml.BinaryClassification.Calibrators.Platt().Fit(ScoreView(ml, problem, theta));
        var calibrator = fitted.Model;
        // ML.NET's Platt: p = 1 / (1 + exp(slope·s + offset)) = sigmoid(−slope·s − offset).
        double slope = -calibrator.Slope, offset = -calibrator.Offset;
        return slope > 0 && double.IsFinite(slope) && double.IsFinite(offset) ? WithCalibration(file, new PlattCalibration(slope, offset)) : null;
    }

    /// <summary>The file with ML.NET's isotonic calibrator as its calibration section.</summary>
    public static WeightFile Isotonic(WeightFile file, DomainProblem problem, double[] theta, int seed)
    {
        ArgumentNullException.ThrowIfNull(file);
        var ml = new MLContext(seed);
        IPredictionTransformer<IsotonicCalibrator> fitted = ml.BinaryClassification.Calibrators.Isotonic().Fit(ScoreView(ml, problem, theta));
        var calibrator = fitted.Model;
        var bins = new CalibrationBin[calibrator.Mins.Length];
        for (var b = 0; b < bins.Length; b++)
        {
            bins[b] = new CalibrationBin(calibrator.Mins[b], calibrator.Maxes[b], calibrator.Values[b]);
        }

        return WithCalibration(file, new IsotonicCalibration(bins));
    }

    /// <summary>Whether the fit rows hold both labels (a calibrator needs positives and negatives).</summary>
    public static bool CanFit(DomainProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Y.Contains(1) && problem.Y.Contains(0);
    }

    private static WeightFile WithCalibration(WeightFile file, ScoreCalibration calibration) =>
        file with { SchemaVersion = WeightFile.SchemaVersionFor(calibration), Calibration = calibration };

    private static IDataView ScoreView(MLContext ml, DomainProblem problem, double[] theta)
    {
        var rows = new ScoredRow[problem.Rows];
        for (var r = 0; r < rows.Length; r++)
        {
            var x = problem.X.AsSpan(r * problem.Columns, problem.Columns);
            double score = 0;
            for (var c = 0; c < x.Length; c++)
            {
                score += x[c] * theta[c];
            }

            rows[r] = new ScoredRow { Label = problem.Y[r] == 1, Score = (float)score };
        }

        return ml.Data.LoadFromEnumerable(rows);
    }

    private sealed class ScoredRow
    {
        public bool Label { get; set; }

        public float Score { get; set; }
    }
}
