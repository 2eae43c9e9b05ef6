using ReRanker.Core.Corpus;
using ReRanker.Core.Metrics;
using ReRanker.Core.Scoring;
using ReRanker.Tests.Shared;

namespace ReRanker.Core.Tests.Metrics;

public class CorpusBaselineTests
{
    [Fact]
    public async Task Unweighted_baseline_on_the_test_split_matches_the_corpus_reference_figures()
    {
        var evaluator = new Evaluator();
        await using var stream = File.OpenRead(RepoPaths.Corpus("test.jsonl"));
        await foreach (var example in CorpusReader.ReadAsync(stream))
        {
            evaluator.Add(example, Reranker.Rank(example.Hypotheses, example.Context, WeightSet.Empty));
        }

        var overall = evaluator.Build().Overall;

        // Reference figures from tests/data/slurp-nbest/README.md.
        overall.Utterances.Should().Be(903);
        overall.Semer.Should().BeApproximately(0.520, 0.001);
        overall.Irer.Should().BeApproximately(0.646, 0.001);
        overall.DomainError.Should().BeApproximately(0.347, 0.001);
        overall.EceAll.Should().BeApproximately(0.084, 0.001);
    }
}
