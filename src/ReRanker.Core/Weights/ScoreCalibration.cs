namespace ReRanker.Core.Weights;

/// <summary>
/// A post-hoc isotonic map from a domain's score to its probability (weight file <c>calibration</c>, schema v2):
/// ML.NET's pool-adjacent-violators calibrator. Bins are ordered and disjoint; inside a bin the probability is the
/// bin's, below the first or above the last bin it is the end bin's, between two bins it is interpolated linearly.
/// The map is non-decreasing, so it never reverses the order of a domain's own hypotheses, but it is flat inside a
/// bin: equal probabilities are ranked by score (docs/weights-format.md).
/// </summary>
public sealed class ScoreCalibration
{
    public const string Isotonic = "isotonic";

    /// <summary>The most bins a file may carry.</summary>
    public const int MaxBins = 1024;

    private readonly double[] _min;
    private readonly double[] _max;
    private readonly double[] _probability;

    /// <summary>Bins as given; a reader validates them first (<see cref="WeightFileSerializer"/>).</summary>
    public ScoreCalibration(IReadOnlyList<CalibrationBin> bins)
    {
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentOutOfRangeException.ThrowIfZero(bins.Count, nameof(bins));
        Bins = [.. bins];
        _min = Bins.Select(b => b.ScoreMin).ToArray();
        _max = Bins.Select(b => b.ScoreMax).ToArray();
        _probability = Bins.Select(b => b.Probability).ToArray();
    }

    public string Method => Isotonic;

    public IReadOnlyList<CalibrationBin> Bins { get; }

    /// <summary>The calibrated probability of a score.</summary>
    public double Probability(double score)
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
