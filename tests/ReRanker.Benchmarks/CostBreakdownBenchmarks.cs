using BenchmarkDotNet.Attributes;
using ReRanker.Core.Features;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;

namespace ReRanker.Benchmarks;

/// <summary>
/// The profile behind docs/performance.md: the pieces of a ranking of the same 12-hypothesis request, timed one
/// by one, to see where the time goes. The extractor rows repeat one piece of the extractor's work as main had it
/// (a copy, for timing only); the scoring rows call the public Core pieces that Reranker.Rank calls.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class CostBreakdownBenchmarks
{
    private Hypothesis[] _hypotheses = [];
    private IReadOnlyList<Hypothesis> _list = [];
    private double[] _logits = [];
    private WeightSet _builtIn = WeightSet.Empty;
    private RequestContext _context = RequestContext.Empty;
    private string[] _domains = [];
    private double[] _rows = [];

    [GlobalSetup]
    public void Setup()
    {
        var example = BenchmarkRequest.LoadExample();
        _list = example.Hypotheses;
        _context = example.Context;
        _builtIn = BenchmarkRequest.BuiltInRegistry();
        _domains = _list.Select(h => h.Domain).Distinct(StringComparer.Ordinal).ToArray();
        _rows = new double[_list.Count * FeatureCatalog.HypothesisFeatureCount];
        FeatureExtractor.Compute(_list, _rows);
        _hypotheses = [.. _list];
        _logits = _hypotheses.SelectMany(h => new[] { h.DomainScore, h.IntentScore, h.SlotScore }).Select(FeatureExtractor.Logit).ToArray();
    }

    [Benchmark(Description = "36 × Logit (3 per hypothesis)")]
    public double Logits()
    {
        double sum = 0;
        foreach (var h in _hypotheses)
        {
            sum += FeatureExtractor.Logit(h.DomainScore) + FeatureExtractor.Logit(h.IntentScore) + FeatureExtractor.Logit(h.SlotScore);
        }

        return sum;
    }

    [Benchmark(Description = "12 × Sigmoid")]
    public double Sigmoids()
    {
        double sum = 0;
        for (var i = 0; i < _hypotheses.Length; i++)
        {
            sum += FeatureExtractor.Sigmoid(_logits[i]);
        }

        return sum;
    }

    [Benchmark(Description = "domain grouping via IReadOnlyList (n²/2 string compares)")]
    public int Grouping()
    {
        Span<int> group = stackalloc int[_list.Count];
        for (var i = 0; i < _list.Count; i++)
        {
            group[i] = i;
            for (var k = 0; k < i; k++)
            {
                if (string.Equals(_list[k].Domain, _list[i].Domain, StringComparison.Ordinal))
                {
                    group[i] = group[k];
                    break;
                }
            }
        }

        return group[^1];
    }

    [Benchmark(Description = "rank/margin pass with Math.Max (n² pairs)")]
    public double PairPass()
    {
        var count = _hypotheses.Length;
        double total = 0;
        for (var i = 0; i < count; i++)
        {
            var best = double.NegativeInfinity;
            var rank = 0;
            for (var j = 0; j < count; j++)
            {
                if (j == i)
                {
                    continue;
                }

                var other = _logits[(j * 3) + 1];
                if (other > _logits[(i * 3) + 1])
                {
                    rank++;
                }

                best = Math.Max(best, other);
            }

            total += best + rank;
        }

        return total;
    }

    [Benchmark(Description = "slot features via IReadOnlyList<Slot>")]
    public double SlotFeatures()
    {
        double total = 0;
        foreach (var h in _hypotheses)
        {
            var slots = h.Slots;
            double sum = 0, min = double.PositiveInfinity;
            for (var s = 0; s < slots.Count; s++)
            {
                var confidence = slots[s].Confidence ?? h.SlotScore;
                sum += confidence;
                min = Math.Min(min, confidence);
            }

            total += sum + min;
        }

        return total;
    }

    [Benchmark(Description = "per distinct domain: WeightSet.TryGet + ContextScore (built-in registry)")]
    public double DomainLookups()
    {
        double sum = 0;
        foreach (var domain in _domains)
        {
            if (_builtIn.TryGet(domain, out var weights))
            {
                sum += weights.ContextScore(_context);
            }
        }

        return sum;
    }

    [Benchmark(Description = "12 × Reranker.Score (built-in registry weights)")]
    public double DenseScores()
    {
        double sum = 0;
        var width = FeatureCatalog.HypothesisFeatureCount;
        _builtIn.TryGet(_list[0].Domain, out var weights);
        for (var i = 0; i < _list.Count; i++)
        {
            sum += Reranker.Score(weights!, _rows.AsSpan(i * width, width), 0);
        }

        return sum;
    }
}
