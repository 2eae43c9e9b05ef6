using ReRanker.Core.Corpus;
using ReRanker.Core.Features;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Tests.Support;
using ReRanker.Core.Weights;
using ReRanker.Tests.Shared;

namespace ReRanker.Core.Tests.Scoring;

/// <summary>Rank computes only what the weights use; these pin that it still gives the plain definition's bits.</summary>
public class RankMatchesDenseReferenceTests
{
    [Fact]
    public void Every_test_split_list_scores_bit_for_bit_like_the_reference_under_the_built_in_registry()
    {
        var registry = BuiltInRegistry();
        var lists = 0;
        foreach (var example in TestSplit())
        {
            AssertSame(example.Hypotheses, example.Context, registry, example.Id);
            lists++;
        }

        lists.Should().Be(903);
    }

    [Fact]
    public void Random_feature_subsets_context_weights_and_calibrations_score_like_the_reference()
    {
        var random = new Random(11);
        string[] contextNames = ["context.deviceType=phone", "context.deviceType=speaker", "context.hasScreen", "context.hour", "context.locale=en"];
        var context = Build.Context(
            ("deviceType", ContextValue.Of("phone")), ("hasScreen", ContextValue.Of(true)), ("hour", ContextValue.Of(19)), ("unused", ContextValue.Of(3.5)));
        for (var trial = 0; trial < 500; trial++)
        {
            var names = FeatureCatalog.HypothesisFeatureNames.Concat(contextNames).Where(_ => random.Next(3) == 0).ToArray();
            var domains = Enumerable.Range(0, 4)
                .Where(_ => random.Next(4) != 0)
                .Select(d => Build.File($"d{d}", random.NextDouble() - 0.5, 1, names.Select(n => (n, (random.NextDouble() * 4) - 2)).ToArray()))
                .Select(file => new DomainWeights(random.Next(3) switch
                {
                    0 => file with { SchemaVersion = 2, Calibration = new PlattCalibration(0.5 + random.NextDouble(), random.NextDouble() - 0.5) },
                    1 => file with { SchemaVersion = 2, Calibration = new IsotonicCalibration([new(-3, -1, 0.1), new(0, 2, 0.6)]) },
                    _ => file,
                }))
                .ToArray();
            var list = RandomLists.Make(random, random.Next(1, 14), 4);

            AssertSame(list, context, Build.Set(domains), $"trial {trial}");
        }
    }

    private static void AssertSame(IReadOnlyList<Hypothesis> list, RequestContext context, WeightSet weights, string because)
    {
        var expected = DenseReference.Score(list, context, weights);

        var ranked = Reranker.Rank(list, context, weights);

        foreach (var result in ranked.Where(r => r.Method == ScoringMethod.Weights))
        {
            var (score, probability) = expected[result.Index]!.Value;
            BitConverter.DoubleToInt64Bits(result.Score).Should().Be(BitConverter.DoubleToInt64Bits(score), because);
            BitConverter.DoubleToInt64Bits(result.Probability).Should().Be(BitConverter.DoubleToInt64Bits(probability), because);
        }

        ranked.Count(r => r.Method == ScoringMethod.Weights).Should().Be(expected.Count(e => e is not null), because);
    }

    private static WeightSet BuiltInRegistry() => new(
        Directory.EnumerateFiles(RepoPaths.BuiltInRegistry, "*.json", SearchOption.AllDirectories)
            .Select(path => WeightFileSerializer.Read(File.ReadAllBytes(path)).File!)
            .GroupBy(file => file.Domain, StringComparer.Ordinal)
            .Select(versions => new DomainWeights(versions.MaxBy(file => file.Version)!)));

    private static IEnumerable<LabelledExample> TestSplit()
    {
        var lineNumber = 0L;
        foreach (var line in File.ReadLines(RepoPaths.Corpus("test.jsonl")))
        {
            yield return CorpusReader.ParseLine(line, ++lineNumber);
        }
    }
}
