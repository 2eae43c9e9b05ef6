using BenchmarkDotNet.Attributes;
using ReRanker.Core.Scoring;

namespace ReRanker.Benchmarks;

/// <summary>
/// The same request (12 hypotheses, one domain's trained weights) scored by Core, by ML.NET's PredictionEngine and
/// by ONNX Runtime (<see cref="ScoringPeers"/>). Core is the baseline, so the ratio column is peer ÷ Core.
/// `--check-peers` checks that all three give the same probabilities.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ScoringPeerBenchmarks
{
    private ScoringPeers? _peers;

    [GlobalSetup]
    public void Setup() => _peers = new ScoringPeers();

    [GlobalCleanup]
    public void Cleanup() => _peers?.Dispose();

    [Benchmark(Baseline = true, Description = "Core Reranker.Rank")]
    public ScoredHypothesis[] Core() => Reranker.Rank(_peers!.Hypotheses, _peers.Context, _peers.Weights);

    [Benchmark(Description = "ML.NET PredictionEngine (12 Predict calls)")]
    public float[] PredictionEngine() => _peers!.PredictionEngine();

    [Benchmark(Description = "ONNX Runtime (one batch of 12)")]
    public float[] OnnxRuntime() => _peers!.OnnxRuntime();
}
