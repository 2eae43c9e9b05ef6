using ReRanker.Core.Features;

namespace ReRanker.Core.Weights;

/// <summary>
/// A post-hoc map from a domain's score to its reported probability (weight file <c>calibration</c>, schema v2):
/// <see cref="PlattCalibration"/> or <see cref="IsotonicCalibration"/>. It changes the probability a ranking reports,
/// never the order: hypotheses are ranked as if no file carried one (docs/weights-format.md).
/// </summary>
public abstract class ScoreCalibration
{
    public const string Platt = "platt";

    public const string Isotonic = "isotonic";

    private protected ScoreCalibration()
    {
    }

    /// <summary>The section's <c>method</c>: <see cref="Platt"/> or <see cref="Isotonic"/>.</summary>
    public abstract string Method { get; }

    /// <summary>The calibrated probability of a score.</summary>
    public abstract double Probability(double score);
}

/// <summary>
/// Platt scaling: probability = sigmoid(<see cref="Slope"/> × score + <see cref="Offset"/>), slope above 0 (strictly
/// increasing). ML.NET's <c>PlattCalibrator</c> stores the negatives of both.
/// </summary>
public sealed class PlattCalibration : ScoreCalibration
{
    /// <summary>A map as given; a reader validates it first (<see cref="WeightFileSerializer"/>).</summary>
    public PlattCalibration(double slope, double offset)
    {
        Slope = slope;
        Offset = offset;
    }

    public override string Method => Platt;

    public double Slope { get; }

    public double Offset { get; }

    public override double Probability(double score) => FeatureExtractor.Sigmoid((Slope * score) + Offset);
}

/// <summary>
/// ML.NET's pool-adjacent-violators calibrator. Bins are ordered and disjoint; inside a bin the probability is the
/// bin's, below the first or above the last bin it is the end bin's, between two bins it is interpolated linearly.
/// The map is non-decreasing, flat inside a bin.
/// </summary>
public sealed class IsotonicCalibration : ScoreCalibration
{
    /// <summary>The most bins a file may carry.</summary>
    public const int MaxBins = 1024;

    private readonly double[] _min;
    private readonly double[] _max;
    private readonly double[] _probability;

    /// <summary>Bins as given; a reader validates them first (<see cref="WeightFileSerializer"/>).</summary>
    public IsotonicCalibration(IReadOnlyList<CalibrationBin> bins)
    {
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentOutOfRangeException.ThrowIfZero(bins.Count, nameof(bins));
        Bins = [.. bins];
        _min = Bins.Select(b => b.ScoreMin).ToArray();
        _max = Bins.Select(b => b.ScoreMax).ToArray();
        _probability = Bins.Select(b => b.Probability).ToArray();
    }

    public override string Method => Isotonic;

    public IReadOnlyList<CalibrationBin> Bins { get; }

    public override double Probability(double score)
    {
        var last = _max.Length - 1;
        if (score <= _min[0])
        {
            return _probability[0];
        }

        if (score >= _max[last])
        {
            return _probability[last];
        }

        // The first bin whose upper end is at or above the score.
        int lo = 0, hi = last;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_max[mid] < score)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        if (score >= _min[lo])
        {
            return _probability[lo];
        }

        var t = (score - _max[lo - 1]) / (_min[lo] - _max[lo - 1]);
        return _probability[lo - 1] + (t * (_probability[lo] - _probability[lo - 1]));
    }
}

/// <summary>One isotonic step: scores in [<see cref="ScoreMin"/>, <see cref="ScoreMax"/>] get <see cref="Probability"/>.</summary>
public readonly record struct CalibrationBin(double ScoreMin, double ScoreMax, double Probability);
