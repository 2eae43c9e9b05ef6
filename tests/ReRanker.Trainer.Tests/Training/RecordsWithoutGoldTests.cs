using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Training;

namespace ReRanker.Trainer.Tests.Training;

/// <summary>
/// A record imported without gold contributes what it honestly can: its hypotheses with the interpretation known
/// wrong are cross-entropy rows labelled 0; nothing else of it is used, and it never takes part in expected SemER.
/// </summary>
public sealed class RecordsWithoutGoldTests
{
    [Fact]
    public void Only_the_rows_with_the_known_wrong_interpretation_enter_the_problem_with_label_0()
    {
        var example = TestCorpus.Examples(1)[0];
        var wrong = example.Hypotheses[0];
        var negative = example with { Gold = null, KnownWrong = 0 };

        var corpus = PreparedCorpus.Build([negative]);

        for (var h = 0; h < example.Hypotheses.Count; h++)
        {
            var same = example.Hypotheses[h].Domain == wrong.Domain && example.Hypotheses[h].Intent == wrong.Intent
                && example.Hypotheses[h].Slots.Select(s => (s.Name, s.Value)).Order().SequenceEqual(wrong.Slots.Select(s => (s.Name, s.Value)).Order());
            corpus.Labelled[h].Should().Be(same, $"hypothesis {h}");
            corpus.Exact[h].Should().BeFalse();
            double.IsNaN(corpus.Semer[h]).Should().BeTrue();
        }

        var problem = DomainProblem.Build(corpus, [0], wrong.Domain, FeatureSelection.Parse(FeatureSelection.Default), new double[corpus.HypothesisCount]);
        problem.Rows.Should().Be(Enumerable.Range(0, example.Hypotheses.Count).Count(h => corpus.Labelled[h] && example.Hypotheses[h].Domain == wrong.Domain));
        problem.Y.Should().OnlyContain(y => y == 0);
        problem.HasGold.Should().Equal(false);
        problem.GoldUtterances.Should().Be(0);
    }

    [Fact]
    public void Records_without_gold_change_only_the_cross_entropy_term_and_its_gradient_is_exact()
    {
        var examples = TestCorpus.Examples(120).Select((e, i) => i % 2 == 0 ? e : e with { Gold = null, KnownWrong = 0 }).ToArray();
        var withNegatives = Objective(examples, LossKind.Combined);
        var goldOnly = Objective([.. examples.Where(e => e.Gold is not null)], LossKind.Ese);
        var eseWithNegatives = Objective(examples, LossKind.Ese);
        var theta = new double[withNegatives.Dimension];
        for (var c = 0; c < theta.Length; c++)
        {
            theta[c] = ((c * 37 % 11) - 5) * 0.03;
        }

        eseWithNegatives.Evaluate(theta, new double[theta.Length]).Should().BeApproximately(goldOnly.Evaluate(theta, new double[theta.Length]), 1e-12,
            "expected SemER is the mean over the records with gold only");
        var gradient = new double[theta.Length];
        withNegatives.Evaluate(theta, gradient);
        for (var c = 0; c < theta.Length; c++)
        {
            const double h = 1e-5;
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[c] += h;
            minus[c] -= h;
            var numeric = (withNegatives.Evaluate(plus, new double[theta.Length]) - withNegatives.Evaluate(minus, new double[theta.Length])) / (2 * h);
            Math.Abs(gradient[c] - numeric).Should().BeLessThan(1e-6 + (1e-5 * Math.Abs(numeric)), $"column {c}");
        }
    }

    [Fact]
    public void A_domain_seen_only_unlabelled_in_records_without_gold_is_not_trained_and_is_no_error()
    {
        var examples = TestCorpus.Examples(60).Select(e => e with { Gold = null, KnownWrong = 0 }).ToArray();
        var run = new TrainingRun(new CorpusFile("traffic.jsonl", new string('0', 64), examples), WeightSet.Empty, Settings(LossKind.Combined));

        var trainable = run.TrainableDomains();

        trainable.Should().BeEquivalentTo(examples.Select(e => e.Hypotheses[0].Domain).Distinct());
        foreach (var domain in trainable)
        {
            DomainTrainer.Train(run, domain, 1).Rows.Should().BeGreaterThan(0);
        }
    }

    private static DomainObjective Objective(IReadOnlyList<LabelledExample> examples, LossKind kind)
    {
        var run = new TrainingRun(new CorpusFile("slice.jsonl", new string('0', 64), examples), WeightSet.Empty, Settings(kind));
        var problem = DomainProblem.Build(run.Corpus, run.FitExamples, "calendar", run.Settings.Features, run.FixedScores);
        return new DomainObjective(problem, run.Settings.Loss);
    }

    private static TrainingSettings Settings(LossKind kind) =>
        new(new LossOptions(kind, 0.05, 0.5), FeatureSelection.Parse(FeatureSelection.Default), 0, 1, DateTimeOffset.UnixEpoch);
}
