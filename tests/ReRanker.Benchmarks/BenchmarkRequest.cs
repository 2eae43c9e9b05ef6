using System.Collections.Frozen;
using ReRanker.Core.Corpus;
using ReRanker.Core.Features;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;
using ReRanker.Tests.Shared;

namespace ReRanker.Benchmarks;

/// <summary>
/// One realistic request from the corpus test split (the first with exactly 12 hypotheses) and a
/// weight set built in memory, so the benchmark measures scoring only, never file or JSON work.
/// </summary>
internal static class BenchmarkRequest
{
    public const int HypothesisCount = 12;

    /// <summary>The 10 features every domain uses: 3 logits, rank and margin in domain and list, 2 slot features, 1 context.</summary>
    public static readonly IReadOnlyList<string> TenFeatures =
    [
        "logit.domainScore",
        "logit.intentScore",
        "logit.slotScore",
        "domain.intentRank",
        "domain.intentMargin",
        "list.domainRank",
        "list.domainMargin",
        "slots.count",
        "slots.meanConfidence",
        "context.deviceType=phone",
    ];

    public static LabelledExample LoadExample()
    {
        var lineNumber = 0L;
        foreach (var line in File.ReadLines(RepoPaths.Corpus("test.jsonl")))
        {
            lineNumber++;
            var example = CorpusReader.ParseLine(line, lineNumber);
            if (example.Hypotheses.Count == HypothesisCount && example.Context.Count > 0)
            {
                return example;
            }
        }

        throw new InvalidOperationException($"No test example with {HypothesisCount} hypotheses.");
    }

    /// <summary>Weights for every domain of the example; each weight differs so that no term folds away.</summary>
    public static WeightSet BuildWeights(IEnumerable<string> domains, IReadOnlyList<string> features)
    {
        var training = new TrainingInfo("handmade", 0, null, new string('0', 64), 0, 0, 0, FrozenDictionary<string, double>.Empty);
        var files = domains.Distinct(StringComparer.Ordinal).Select((domain, d) =>
        {
            var weights = features.Select((name, f) => KeyValuePair.Create(name, 0.1 + (0.05 * f) - (0.01 * d)))
                .ToFrozenDictionary(StringComparer.Ordinal);
            return new DomainWeights(new WeightFile(WeightFile.CurrentSchemaVersion, domain, 1, -0.5 + (0.1 * d), weights, DateTimeOffset.UnixEpoch, training));
        });
        return new WeightSet(files);
    }

    /// <summary>The built-in registry (deploy/registry, made by the trainer), read with the Core serializer.</summary>
    /// <summary>The throughput comparison's body: the test-split rerank body closest to 1,600 bytes, as tests/load/make-bodies.py picks it.</summary>
    public static byte[] ThroughputBody() =>
        File.ReadLines(RepoPaths.Corpus("test.jsonl")).Where(l => l.Length > 0).Select(ResponseWritingBenchmarks.BodyOf)
            .MinBy(body => Math.Abs(body.Length - 1600))!;

    public static WeightSet BuiltInRegistry()
    {
        var files = Directory.EnumerateFiles(RepoPaths.BuiltInRegistry, "*.json", SearchOption.AllDirectories)
            .Select(path => WeightFileSerializer.Read(File.ReadAllBytes(path)))
            .Select(read => read.File ?? throw new InvalidOperationException(read.Describe()))
            .GroupBy(file => file.Domain, StringComparer.Ordinal)
            .Select(versions => new DomainWeights(versions.MaxBy(file => file.Version)!));
        return new WeightSet(files);
    }

    /// <summary>Fails fast when a feature name in the benchmark is not one the catalog knows.</summary>
    public static void CheckFeatureNames(IEnumerable<string> features)
    {
        foreach (var name in features)
        {
            if (!FeatureCatalog.IsKnown(name))
            {
                throw new InvalidOperationException($"Unknown feature '{name}'.");
            }
        }
    }
}
