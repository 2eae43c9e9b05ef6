using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers;

namespace ReRanker.Trainer.Training;

/// <summary>
/// The cross-entropy fit of one domain by ML.NET's L-BFGS logistic regression (<c>LbfgsLogisticRegression</c>),
/// over the columns of a <see cref="DomainProblem"/> (ML.NET's own bias replaces column 0).
/// <para>
/// Same objective as <see cref="DomainObjective"/> with <c>ceWeight = 1</c>. The project minimises
/// <c>(1/U) Σ_rows CE + l2 Σ w²</c> (U utterances, R rows, bias unpenalised); ML.NET minimises
/// <c>(1/R) (Σ_rows CE + ½ λ Σ w²)</c>, also without the bias. The second is U/R times the first when
/// <c>λ = 2 · l2 · U</c>, so both have the same minimiser (<see cref="MlNetL2"/>).
/// </para>
/// ML.NET works in single precision, so its solution agrees with the project's double-precision one to about
/// 1e-3 (pinned by a test); one thread, no random initialisation, so it is deterministic.
/// </summary>
internal static class MlNetLogisticRegression
{
    public static double MlNetL2(DomainProblem problem, double l2)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return 2 * l2 * problem.Utterances;
    }

    /// <summary>True when ML.NET can fit the problem: at least one column besides the bias and both labels present.</summary>
    public static bool CanFit(DomainProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Columns > 1 && problem.Y.Contains(1) && problem.Y.Contains(0);
    }

    /// <summary>Fits the domain; returns the trained ML.NET model and its parameters as <c>[bias, w1, ...]</c>.</summary>
    public static (double[] Theta, BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>> Model) Fit(
        DomainProblem problem, double l2, int seed)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var ml = new MLContext(seed);
        var data = ToDataView(ml, problem);
        var options = new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            L2Regularization = (float)MlNetL2(problem, l2),
            L1Regularization = 0,
            OptimizationTolerance = 1e-8f,
            HistorySize = 20,
            MaximumNumberOfIterations = 1000,
            NumberOfThreads = 1,
        };
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(options).Fit(data);
        var linear = model.Model.SubModel;
        var theta = new double[problem.Columns];
        theta[0] = linear.Bias;
        var c = 1;
        foreach (var weight in linear.Weights)
        {
            theta[c++] = weight;
        }

        return (theta, model);
    }

    /// <summary>The problem's rows as an ML.NET data view: <c>Label</c> (exactly right) and <c>Features</c> (columns 1…, single precision).</summary>
    public static IDataView ToDataView(MLContext ml, DomainProblem problem)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(problem);
        var width = problem.Columns - 1;
        var rows = new LabelledRow[problem.Rows];
        for (var r = 0; r < rows.Length; r++)
        {
            var features = new float[width];
            var source = problem.X.AsSpan((r * problem.Columns) + 1, width);
            for (var c = 0; c < width; c++)
            {
                features[c] = (float)source[c];
            }

            rows[r] = new LabelledRow { Label = problem.Y[r] == 1, Features = features };
        }

        return ml.Data.LoadFromEnumerable(rows, VectorSchema.For<LabelledRow>(nameof(LabelledRow.Features), width));
    }
}

/// <summary>ML.NET schemas for row classes with one fixed-width feature vector (a float[] has no size of its own).</summary>
internal static class VectorSchema
{
    public static SchemaDefinition For<TRow>(string column, int width)
    {
        var schema = SchemaDefinition.Create(typeof(TRow));
        schema[column].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }
}

/// <summary>One row of an ML.NET data view: the label and a fixed-width feature vector.</summary>
internal sealed class LabelledRow
{
    public bool Label { get; set; }

    public float[] Features { get; set; } = [];
}
