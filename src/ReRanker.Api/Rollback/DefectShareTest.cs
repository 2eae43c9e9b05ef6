using MathNet.Numerics.Distributions;

namespace ReRanker.Api.Rollback;

/// <summary>Defect outcomes among feedback events under one version.</summary>
public readonly record struct DefectCount(long Feedback, long Defects)
{
    public double Share => Feedback == 0 ? 0 : (double)Defects / Feedback;
}

/// <summary>
/// One-sided two-proportion z-test of "the served version's defect share exceeds the previous one's by more than the
/// tolerance": z = (p₁ − p₀ − tolerance) / √(p₁(1−p₁)/n₁ + p₀(1−p₀)/n₀) (unpooled, as the null hypothesis has a
/// margin), worse when z ≥ Φ⁻¹(confidence). With no variance (every share 0 or 1) the sign of p₁ − p₀ − tolerance decides.
/// </summary>
public static class DefectShareTest
{
    public static double Z(DefectCount served, DefectCount previous, double tolerance)
    {
        var (p1, p0) = (served.Share, previous.Share);
        var excess = p1 - p0 - tolerance;
        var variance = (p1 * (1 - p1) / served.Feedback) + (p0 * (1 - p0) / previous.Feedback);
        return variance > 0 ? excess / Math.Sqrt(variance) : excess > 0 ? double.PositiveInfinity : double.NegativeInfinity;
    }

    public static double Critical(double confidence) => Normal.InvCDF(0, 1, confidence);

    public static bool IsWorse(DefectCount served, DefectCount previous, double tolerance, double confidence) =>
        Z(served, previous, tolerance) >= Critical(confidence);
}
