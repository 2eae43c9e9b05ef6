using ReRanker.Benchmarks.Baseline;
using ReRanker.Core.Corpus;
using ReRanker.Core.Features;
using ReRanker.Core.Model;
using ReRanker.Tests.Shared;

namespace ReRanker.Benchmarks;

/// <summary>
/// `-- --check-extractor`: the perf change to FeatureExtractor must not change a single bit. Compares it with the
/// unoptimised copy on every corpus list (as given and shuffled, so domains are not adjacent) and on random lists
/// with ties, 0, 1, NaN and out-of-range confidences (both must then throw the same exception).
/// </summary>
internal static class ExtractorEquivalenceCheck
{
    public static int Run()
    {
        var width = FeatureCatalog.HypothesisFeatureCount;
        var random = new Random(1);
        long lists = 0, differences = 0, sameThrows = 0;
        foreach (var file in new[] { "train.jsonl", "test.jsonl" })
        {
            var lineNumber = 0L;
            foreach (var line in File.ReadLines(RepoPaths.Corpus(file)))
            {
                var example = CorpusReader.ParseLine(line, ++lineNumber);
                differences += Compare(example.Hypotheses, width, ref sameThrows);
                differences += Compare([.. example.Hypotheses.OrderBy(_ => random.Next())], width, ref sameThrows);
                lists += 2;
            }
        }

        string[] domains = ["a", "b", "c", "dd"];
        double[] values = [0, 1, 0.5, 0.25, double.NaN, 1e-9, 0.999999999, 0.3, 1.5];
        for (var t = 0; t < 20_000; t++)
        {
            var list = Enumerable.Range(0, random.Next(0, 14)).Select(_ => new Hypothesis(
                domains[random.Next(domains.Length)], "i",
                random.Next(3) == 0 ? [] : [new Slot("s", "v", random.Next(2) == 0 ? null : values[random.Next(values.Length)])],
                values[random.Next(values.Length)], values[random.Next(values.Length)], values[random.Next(values.Length)])).ToList();
            differences += Compare(list, width, ref sameThrows);
            lists++;
        }

        Console.WriteLine($"{lists} lists compared, {differences} differing values or exceptions, {sameThrows} threw the same exception in both");
        return differences == 0 ? 0 : 1;
    }

    private static long Compare(IReadOnlyList<Hypothesis> list, int width, ref long sameThrows)
    {
        var expected = new double[list.Count * width];
        var actual = new double[list.Count * width];
        var expectedError = Capture(() => UnoptimisedFeatureExtractor.Compute(list, expected));
        var actualError = Capture(() => FeatureExtractor.Compute(list, actual));
        if (expectedError is not null || actualError is not null)
        {
            sameThrows += expectedError == actualError ? 1 : 0;
            return expectedError == actualError ? 0 : 1;
        }

        return expected.Zip(actual).LongCount(p => BitConverter.DoubleToInt64Bits(p.First) != BitConverter.DoubleToInt64Bits(p.Second));
    }

    private static string? Capture(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }
}
