using ReRanker.Core.Corpus;
using ReRanker.Core.Metrics;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Tests.Shared;
using Xunit.Abstractions;

namespace ReRanker.Core.Tests.Metrics;

public class CorpusBaselineTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Unweighted_baseline_on_the_test_split_matches_the_corpus_reference_figures()
    {
        var evaluator = new Evaluator();
        foreach (var example in await TestSplit())
        {
            evaluator.Add(example, Reranker.Rank(example.Hypotheses, example.Context, WeightSet.Empty));
        }

        var report = evaluator.Build();
        var overall = report.Overall;
        output.WriteLine(overall.ToString());
        foreach (var (all, top1) in report.ReliabilityAll.Zip(report.ReliabilityTop1))
        {
            output.WriteLine($"[{all.Lower:0.0}, {all.Upper:0.0}) all: {all.Count} {all.MeanProbability:0.000} {all.Accuracy:0.000}  top-1: {top1.Count} {top1.MeanProbability:0.000} {top1.Accuracy:0.000}");
        }

        // Reference figures from tests/data/slurp-nbest/README.md.
        overall.Utterances.Should().Be(903);
        overall.Semer.Should().BeApproximately(0.520, 0.001);
        overall.Irer.Should().BeApproximately(0.646, 0.001);
        overall.DomainError.Should().BeApproximately(0.347, 0.001);
        overall.EceAll.Should().BeApproximately(0.084, 0.001);

        // Measured by this code (not in the README), stated in docs/metrics.md.
        overall.Hypotheses.Should().Be(11454);
        overall.EceTop1.Should().BeApproximately(0.085, 0.001);
    }

    [Fact]
    public async Task Oracle_semer_on_the_test_split_matches_the_corpus_reference_figure()
    {
        // The best hypothesis of each list: a check of SemER itself against the README's 0.313.
        var examples = await TestSplit();

        var oracle = examples.Average(e => e.Hypotheses.Count == 0
            ? SemanticError.Empty(e.Gold!).Value
            : e.Hypotheses.Min(h => SemanticError.Compute(h, e.Gold!).Value));

        output.WriteLine($"oracle SemER {oracle}");
        oracle.Should().BeApproximately(0.313, 0.001);
    }

    private static async Task<List<LabelledExample>> TestSplit()
    {
        await using var stream = File.OpenRead(RepoPaths.Corpus("test.jsonl"));
        var examples = new List<LabelledExample>();
        await foreach (var example in CorpusReader.ReadAsync(stream))
        {
            examples.Add(example);
        }

        return examples;
    }
}
