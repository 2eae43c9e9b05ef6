namespace ReRanker.Trainer.Training;

/// <summary>Loss at a point, with its gradient written into the second argument.</summary>
internal delegate double GradientObjective(ReadOnlySpan<double> point, Span<double> gradient);

/// <summary>The result of a minimisation: the best point found and how the optimiser got there.</summary>
internal sealed record OptimizationResult(double[] Point, double Value, int Evaluations, string ExitReason);

/// <summary>
/// A smooth unconstrained minimiser. L-BFGS from MathNet.Numerics here; an ML.NET-backed one can be added
/// where that package exists without touching the losses.
/// </summary>
internal interface IOptimizer
{
    OptimizationResult Minimize(GradientObjective objective, double[] initial);
}
