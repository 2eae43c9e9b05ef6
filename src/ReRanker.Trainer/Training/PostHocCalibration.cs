using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using ReRanker.Core.Weights;

namespace ReRanker.Trainer.Training;

/// <summary>Which post-hoc calibrator a domain's file got.</summary>
internal enum CalibrationKind
{
    None,

    /// <summary>ML.NET's Platt calibrator, folded into bias and weights (the file stays schema v1).</summary>
    Platt,

    /// <summary>ML.NET's isotonic (pool-adjacent-violators) calibrator, stored as the file's calibration section (schema v2).</summary>
    Isotonic,
}

/// <summary>
/// The candidate calibrators of one domain, fitted by ML.NET on the domain's scores over its fit rows (the rows the
/// weights were fit on) against "exactly right". The trainer keeps one only when it lowers the domain's ECE on
/// the held-out utterances (<see cref="DomainTrainer"/>).
/// </summary>
internal static class PostHocCalibration
{
    /// <summary>The file with a Platt calibrator (ML.NET, fitted on the fit rows' scores) folded into bias and weights.</summary>
    public static WeightFile Platt(WeightFile file, DomainProblem problem, double[] theta, int seed)
    {
        ArgumentNullException.ThrowIfNull(file);
        var ml = new MLContext(seed);
        IPredictionTransformer<PlattCalibrator> fitted = ml.BinaryClassification.Calibrators.Platt().Fit(ScoreView(ml, problem, theta));
        var calibrator = fitted.Model;
        // ML.NET's Platt: p = 1 / (1 + exp(slope·s + offset)) = sigmoid(−slope·s − offset), a linear map of the score.
        double scale = -calibrator.Slope, shift = -calibrator.Offset;
        return file with
        {
            Bias = (scale * file.Bias) + shift,
            Weights = file.Weights.ToDictionary(w => w.Key, w => scale * w.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>The file with ML.NET's isotonic calibrator (fitted on the fit rows' scores) as its calibration section.</summary>
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

        var calibration = new ScoreCalibration(bins);
        return file with { SchemaVersion = WeightFile.SchemaVersionFor(calibration), Calibration = calibration };
    }

    /// <summary>Whether the fit rows hold both labels (a calibrator needs positives and negatives).</summary>
    public static bool CanFit(DomainProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Y.Contains(1) && problem.Y.Contains(0);
    }

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
