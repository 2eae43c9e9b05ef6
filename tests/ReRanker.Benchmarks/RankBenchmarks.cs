using BenchmarkDotNet.Attributes;
using ReRanker.Core.Features;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;

namespace ReRanker.Benchmarks;

/// <summary>
/// The Core target: score and rank one request of 12 hypotheses with 10 features per domain in
/// ≤ 1 µs, allocating nothing but the result array (12 × 40 + 24 = 504 bytes on x64).
/// The extra rows: the built-in registry's weights (what the service runs), only the three base features,
/// no weights at all, and feature extraction alone, before and after the perf change.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class RankBenchmarks
{
    private IReadOnlyList<Hypothesis> _hypotheses = [];
    private RequestContext _context = RequestContext.Empty;
    private WeightSet _tenFeatures = WeightSet.Empty;
    private WeightSet _baseFeatures = WeightSet.Empty;
    private WeightSet _noWeights = WeightSet.Empty;
    private WeightSet _builtIn = WeightSet.Empty;
    private double[] _buffer = [];

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkRequest.CheckFeatureNames(BenchmarkRequest.TenFeatures);
        var example = BenchmarkRequest.LoadExample();
        _hypotheses = example.Hypotheses;
        _context = example.Context;
        var domains = _hypotheses.Select(h => h.Domain).ToList();
        _tenFeatures = BenchmarkRequest.BuildWeights(domains, BenchmarkRequest.TenFeatures);
        _baseFeatures = BenchmarkRequest.BuildWeights(domains, FeatureCatalog.BaseFeatures.Select(FeatureCatalog.NameOf).ToList());
        _builtIn = BenchmarkRequest.BuiltInRegistry();
        _buffer = new double[_hypotheses.Count * FeatureCatalog.HypothesisFeatureCount];
    }

    [Benchmark(Baseline = true, Description = "Rank 12 hyps, 10 features")]
    public ScoredHypothesis[] RankTenFeatures() => Reranker.Rank(_hypotheses, _context, _tenFeatures);

    [Benchmark(Description = "Rank 12 hyps, built-in registry (19 features)")]
    public ScoredHypothesis[] RankBuiltInRegistry() => Reranker.Rank(_hypotheses, _context, _builtIn);

    [Benchmark(Description = "Rank 12 hyps, 3 base features")]
    public ScoredHypothesis[] RankBaseFeatures() => Reranker.Rank(_hypotheses, _context, _baseFeatures);

    [Benchmark(Description = "Rank 12 hyps, no weights (default policy)")]
    public ScoredHypothesis[] RankUnweighted() => Reranker.Rank(_hypotheses, _context, _noWeights);

    [Benchmark(Description = "FeatureExtractor.Compute only")]
    public double ComputeFeatures()
    {
        FeatureExtractor.Compute(_hypotheses, _buffer);
        return _buffer[0];
    }

    [Benchmark(Description = "FeatureExtractor.Compute only, before the perf change")]
    public double ComputeFeaturesUnoptimised()
    {
        Baseline.UnoptimisedFeatureExtractor.Compute(_hypotheses, _buffer);
        return _buffer[0];
    }
}
