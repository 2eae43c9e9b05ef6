namespace ReRanker.Core.Metrics;

/// <summary>Accumulates (probability, correct) pairs into equal-width bins and computes ECE.</summary>
public sealed class ReliabilityTable
{
    public const int DefaultBins = 10;

    private readonly int[] _counts;
    private readonly double[] _probabilitySums;
    private readonly int[] _correct;

    public ReliabilityTable(int bins = DefaultBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        _counts = new int[bins];
        _probabilitySums = new double[bins];
        _correct = new int[bins];
    }

    public int Count { get; private set; }

    public void Add(double probability, bool correct)
    {
        if (!double.IsFinite(probability) || probability < 0 || probability > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A probability must be within [0, 1].");
        }

        // [0, 0.1), [0.1, 0.2), ..., [0.9, 1.0]: 1.0 belongs to the last bin.
        var bin = Math.Min((int)(probability * _counts.Length), _counts.Length - 1);
        _counts[bin]++;
        _probabilitySums[bin] += probability;
        _correct[bin] += correct ? 1 : 0;
        Count++;
    }

    /// <summary>Σ (bin count / total) × |accuracy − mean probability|; 0 when empty.</summary>
    public double ExpectedCalibrationError()
    {
        if (Count == 0)
        {
            return 0;
        }

        double ece = 0;
        for (var b = 0; b < _counts.Length; b++)
        {
            if (_counts[b] > 0)
            {
                ece += Math.Abs(_correct[b] - _probabilitySums[b]) / Count;
            }
        }

        return ece;
    }

    public IReadOnlyList<ReliabilityBin> Bins()
    {
        var bins = new ReliabilityBin[_counts.Length];
        for (var b = 0; b < bins.Length; b++)
        {
            var n = _counts[b];
            bins[b] = new ReliabilityBin(
                (double)b / bins.Length,
                (double)(b + 1) / bins.Length,
                n,
                n == 0 ? 0 : _probabilitySums[b] / n,
                n == 0 ? 0 : (double)_correct[b] / n);
        }

        return bins;
    }
}
