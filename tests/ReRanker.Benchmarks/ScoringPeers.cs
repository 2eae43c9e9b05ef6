using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ReRanker.Core.Features;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;
using ReRanker.Tests.Shared;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Training;

namespace ReRanker.Benchmarks;

/// <summary>
/// One request (the benchmark's 12 hypotheses) scored three ways with ONE domain's trained weights (calendar,
/// fit on train.jsonl by the trainer's ML.NET logistic regression, dense features, every hypothesis scored by
/// them): Core's <see cref="Reranker.Rank"/>, ML.NET's PredictionEngine on that same ML.NET model, and ONNX Runtime
/// on the model exported by Microsoft.ML.OnnxConverter. The peers take Core's feature rows (ML.NET has no list
/// features); each then scores and Core alone also ranks.
/// </summary>
public sealed class ScoringPeers : IDisposable
{
    /// <summary>Largest allowed difference between two peers' probabilities: ML.NET and ONNX compute in single precision.</summary>
    public const double Tolerance = 1e-5;

    public const string Domain = "calendar";

    private const string Features = "logits+intent+domain+slots+product";

    private readonly InferenceSession _onnx;
    private readonly PredictionEngine<PeerRow, PeerPrediction> _engine;
    private readonly int[] _columns;
    private readonly double[] _rows;
    private readonly string _onnxInput;
    private readonly string _onnxOutput;
    private readonly string? _onnxLabel;

    public ScoringPeers()
    {
        var example = BenchmarkRequest.LoadExample();
        Hypotheses = example.Hypotheses;
        Context = example.Context;
        var train = CorpusFile.ReadAsync(RepoPaths.Corpus("train.jsonl"), CancellationToken.None).GetAwaiter().GetResult();
        var selection = FeatureSelection.Parse(Features);
        var run = new TrainingRun(train, WeightSet.Empty, new TrainingSettings(new LossOptions(LossKind.Ce, 0.01, 0), selection, 0, 1, DateTimeOffset.UnixEpoch));
        var problem = DomainProblem.Build(run.Corpus, run.Split.Fit, Domain, selection, run.FixedScores);
        var (theta, model) = MlNetLogisticRegression.Fit(problem, 0.01, seed: 1);

        // Core: the same weights under every domain of the request, so all 12 hypotheses are scored by them.
        var weights = problem.ColumnNames.Select((name, c) => KeyValuePair.Create(name, theta[c + 1])).ToDictionary(StringComparer.Ordinal);
        var training = new TrainingInfo("ce", 0.01, null, train.Sha256, problem.Utterances, problem.Rows, 0, new Dictionary<string, double>());
        Weights = new WeightSet(Hypotheses.Select(h => h.Domain).Distinct(StringComparer.Ordinal)
            .Select(d => new DomainWeights(new WeightFile(WeightFile.CurrentSchemaVersion, d, 1, theta[0], weights, DateTimeOffset.UnixEpoch, training))));
        _columns = selection.Dense.Select(f => (int)f).ToArray();
        _rows = new double[Hypotheses.Count * FeatureCatalog.HypothesisFeatureCount];

        var ml = new MLContext(1);
        var schema = PeerRow.Schema(_columns.Length);
        _engine = ml.Model.CreatePredictionEngine<PeerRow, PeerPrediction>(model, inputSchemaDefinition: schema);
        using var onnx = new MemoryStream();
        ml.Model.ConvertToOnnx(model, ml.Data.LoadFromEnumerable(Array.Empty<PeerRow>(), schema), onnx);
        _onnx = new InferenceSession(onnx.ToArray());
        _onnxInput = _onnx.InputMetadata.Keys.Single(k => k.StartsWith(nameof(PeerRow.Features), StringComparison.Ordinal));
        _onnxLabel = _onnx.InputMetadata.Keys.SingleOrDefault(k => k.StartsWith(nameof(PeerRow.Label), StringComparison.Ordinal));
        _onnxOutput = _onnx.OutputMetadata.Keys.Single(k => k.StartsWith("Probability", StringComparison.Ordinal));
    }

    public IReadOnlyList<Hypothesis> Hypotheses { get; }

    public RequestContext Context { get; }

    public WeightSet Weights { get; }

    /// <summary>Core: probabilities by input index.</summary>
    public double[] Core()
    {
        var probabilities = new double[Hypotheses.Count];
        foreach (var scored in Reranker.Rank(Hypotheses, Context, Weights))
        {
            probabilities[scored.Index] = scored.Probability;
        }

        return probabilities;
    }

    /// <summary>ML.NET's PredictionEngine, one call per hypothesis.</summary>
    public float[] PredictionEngine()
    {
        FeatureExtractor.Compute(Hypotheses, _rows);
        var probabilities = new float[Hypotheses.Count];
        var row = new PeerRow { Features = new float[_columns.Length] };
        for (var i = 0; i < probabilities.Length; i++)
        {
            Fill(i, row.Features);
            probabilities[i] = _engine.Predict(row).Probability;
        }

        return probabilities;
    }

    /// <summary>ONNX Runtime, one batch of all hypotheses.</summary>
    public float[] OnnxRuntime()
    {
        FeatureExtractor.Compute(Hypotheses, _rows);
        var input = new DenseTensor<float>([Hypotheses.Count, _columns.Length]);
        for (var i = 0; i < Hypotheses.Count; i++)
        {
            Fill(i, input.Buffer.Span.Slice(i * _columns.Length, _columns.Length));
        }

        var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor(_onnxInput, input) };
        if (_onnxLabel is not null)
        {
            // The exported graph keeps the model's Label input; the probability does not depend on it.
            inputs.Add(NamedOnnxValue.CreateFromTensor(_onnxLabel, new DenseTensor<bool>([Hypotheses.Count, 1])));
        }

        using var results = _onnx.Run(inputs, [_onnxOutput]);
        return [.. results.Single().AsEnumerable<float>()];
    }

    /// <summary>The largest pairwise difference between the three peers' probabilities.</summary>
    public double LargestDifference()
    {
        var core = Core();
        var engine = PredictionEngine();
        var onnx = OnnxRuntime();
        return Enumerable.Range(0, core.Length)
            .Max(i => Math.Max(Math.Abs(core[i] - engine[i]), Math.Max(Math.Abs(core[i] - onnx[i]), Math.Abs((double)engine[i] - onnx[i]))));
    }

    public void Dispose()
    {
        _engine.Dispose();
        _onnx.Dispose();
    }

    private void Fill(int hypothesis, Span<float> features)
    {
        var row = _rows.AsSpan(hypothesis * FeatureCatalog.HypothesisFeatureCount, FeatureCatalog.HypothesisFeatureCount);
        for (var c = 0; c < _columns.Length; c++)
        {
            features[c] = (float)row[_columns[c]];
        }
    }

    /// <summary><c>--check-peers</c>: prints the three peers' probabilities and exits 1 when they differ by more than <see cref="Tolerance"/>.</summary>
    public static int Check()
    {
        using var peers = new ScoringPeers();
        var difference = peers.LargestDifference();
        Console.WriteLine(FormattableString.Invariant($"core, PredictionEngine and ONNX Runtime on {peers.Hypotheses.Count} hypotheses: largest difference {difference:E2} (tolerance {Tolerance:E0})"));
        return difference <= Tolerance ? 0 : 1;
    }
}

/// <summary>ML.NET's input row: the label is only there because the model's schema names it.</summary>
public sealed class PeerRow
{
    public bool Label { get; set; }

    public float[] Features { get; set; } = [];

    internal static SchemaDefinition Schema(int width) => VectorSchema.For<PeerRow>(nameof(Features), width);
}

/// <summary>ML.NET's output row.</summary>
public sealed class PeerPrediction
{
    public float Probability { get; set; }

    public float Score { get; set; }
}
