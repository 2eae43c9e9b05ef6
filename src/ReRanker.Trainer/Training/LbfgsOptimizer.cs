using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ReRanker.Trainer.Training;

/// <summary>
/// L-BFGS (MathNet.Numerics). Deterministic: no randomness, fixed evaluation order. If the line search
/// gives up or the iteration cap is hit, the best point evaluated so far is returned rather than nothing.
/// </summary>
internal sealed class LbfgsOptimizer(double gradientTolerance = 1e-7, int maximumIterations = 500, int memory = 10) : IOptimizer
{
    public OptimizationResult Minimize(GradientObjective objective, double[] initial)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(initial);
        var best = (double[])initial.Clone();
        var bestValue = double.PositiveInfinity;
        var evaluations = 0;
        var gradient = new double[initial.Length];

        var function = ObjectiveFunction.Gradient(point =>
        {
            var values = point.AsArray() ?? point.ToArray();
            var value = objective(values, gradient);
            evaluations++;
            if (value < bestValue && double.IsFinite(value))
            {
                bestValue = value;
                values.CopyTo(best, 0);
            }

            return (value, Vector<double>.Build.DenseOfArray((double[])gradient.Clone()));
        });

        var minimizer = new LimitedMemoryBfgsMinimizer(gradientTolerance, 1e-12, 1e-12, memory, maximumIterations);
        string reason;
        try
        {
            var result = minimizer.FindMinimum(function, Vector<double>.Build.DenseOfArray(initial));
            reason = result.ReasonForExit.ToString();
        }
        catch (Exception ex) when (ex is OptimizationException or MaximumIterationsException)
        {
            // Line-search failures near the optimum are common on flat losses; the best point seen stands.
            reason = ex.GetType().Name;
        }

        return new OptimizationResult(best, bestValue, evaluations, reason);
    }
}
