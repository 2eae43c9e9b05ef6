using ReRanker.Core.Metrics;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using static ReRanker.Core.Tests.Support.Build;

namespace ReRanker.Core.Tests.Metrics;

/// <summary>Four utterances whose metrics are worked out by hand in the comments.</summary>
public class EvaluatorTests
{
    private static readonly Slot Abba = Slot("artist", "abba");

    // U1 gold music: top music exact (p 0.8), then video (0.3, wrong).
    private static readonly LabelledExample U1 = Example("u1", new("music", "play", [Abba]), Interp("music", "play", Abba), Interp("video", "play"));

    // U2 gold music with two slots: top video (0.6, 3 errors / 3 → SemER 1, domain wrong), then music with one slot (0.4, not exact).
    private static readonly LabelledExample U2 = Example("u2", new("music", "play", [Abba, Slot("song", "sos")]), Interp("video", "watch"), Interp("music", "play", Abba));

    // U3 gold weather: single exact hypothesis (0.95).
    private static readonly LabelledExample U3 = Example("u3", new("weather", "query", []), Interp("weather", "query"));

    // U4 gold news: empty n-best list.
    private static readonly LabelledExample U4 = Example("u4", new("news", "query", [Slot("topic", "x")]));

    private static EvaluationReport Report()
    {
        var evaluator = new Evaluator();
        evaluator.Add(U1, [Scored(0, 0.8), Scored(1, 0.3)]);
        evaluator.Add(U2, [Scored(0, 0.6), Scored(1, 0.4)]);
        evaluator.Add(U3, [Scored(0, 0.95)]);
        evaluator.Add(U4, []);
        return evaluator.Build();
    }

    [Fact]
    public void Overall_utterance_metrics_use_the_top_ranked_hypothesis()
    {
        var overall = Report().Overall;

        overall.Utterances.Should().Be(4);
        overall.Semer.Should().BeApproximately((0 + 1 + 0 + 1) / 4.0, 1e-12);
        overall.Irer.Should().BeApproximately(2 / 4.0, 1e-12);
        overall.DomainError.Should().BeApproximately(2 / 4.0, 1e-12);
    }

    [Fact]
    public void Ece_all_covers_every_ranked_hypothesis_and_ece_top1_only_the_tops()
    {
        var report = Report();

        // All: gaps 0.2 (0.8 ✓), 0.3, 0.6, 0.4 (✗), 0.05 (0.95 ✓), each alone in its bin: 1.55 / 5.
        report.Overall.Hypotheses.Should().Be(5);
        report.Overall.EceAll.Should().BeApproximately(1.55 / 5, 1e-12);
        report.ReliabilityAll.Sum(b => b.Count).Should().Be(5);

        // Top-1: 0.8 ✓, 0.6 ✗, 0.95 ✓ (the empty list has no probability): 0.85 / 3.
        report.Overall.EceTop1.Should().BeApproximately(0.85 / 3, 1e-12);
        report.ReliabilityTop1.Sum(b => b.Count).Should().Be(3);
        report.ReliabilityTop1[6].Should().BeEquivalentTo(new { Count = 1, MeanProbability = 0.6, Accuracy = 0.0 });
    }

    [Fact]
    public void Per_domain_utterance_metrics_group_by_the_gold_domain()
    {
        var music = Report().PerDomain["music"];

        music.Utterances.Should().Be(2);
        music.Semer.Should().BeApproximately(0.5, 1e-12);
        music.Irer.Should().BeApproximately(0.5, 1e-12);
        music.DomainError.Should().BeApproximately(0.5, 1e-12);
        music.EceTop1.Should().BeApproximately((0.2 + 0.6) / 2, 1e-12); // U1's and U2's tops, though U2's top is video
    }

    [Fact]
    public void Per_domain_ece_all_groups_by_the_hypothesis_domain()
    {
        var report = Report();

        // music's own hypotheses: 0.8 ✓ and 0.4 ✗.
        report.PerDomain["music"].Hypotheses.Should().Be(2);
        report.PerDomain["music"].EceAll.Should().BeApproximately((0.2 + 0.4) / 2, 1e-12);

        // video is never gold: no utterances, but its two hypotheses (0.3 ✗, 0.6 ✗) are its calibration.
        report.PerDomain["video"].Should().BeEquivalentTo(new { Utterances = 0, Hypotheses = 2, Semer = 0.0, Irer = 0.0, EceTop1 = 0.0 });
        report.PerDomain["video"].EceAll.Should().BeApproximately((0.3 + 0.6) / 2, 1e-12);
    }

    [Fact]
    public void Per_domain_keys_cover_gold_and_hypothesis_domains_in_ordinal_order() =>
        Report().PerDomain.Keys.Should().Equal("music", "news", "video", "weather");

    [Fact]
    public void An_empty_n_best_list_counts_as_semer_one_interpretation_error_and_domain_error()
    {
        var news = Report().PerDomain["news"];

        news.Should().BeEquivalentTo(new { Utterances = 1, Hypotheses = 0, Semer = 1.0, Irer = 1.0, DomainError = 1.0, EceAll = 0.0, EceTop1 = 0.0 });
    }

    [Fact]
    public void A_ranking_emptied_by_the_reject_policy_counts_like_an_empty_list()
    {
        var evaluator = new Evaluator();
        var ranking = Reranker.Rank(U1.Hypotheses, U1.Context, WeightSet.Empty, UnweightedDomainPolicy.Reject);

        evaluator.Add(U1, ranking);

        evaluator.Build().Overall.Should().BeEquivalentTo(new { Utterances = 1, Hypotheses = 0, Semer = 1.0, Irer = 1.0, DomainError = 1.0 });
    }

    [Fact]
    public void A_right_domain_with_a_wrong_slot_is_an_interpretation_error_but_not_a_domain_error()
    {
        var evaluator = new Evaluator();
        evaluator.Add(Example("u", new("music", "play", [Abba]), Interp("music", "play", Slot("artist", "queen"))), [Scored(0, 0.7)]);

        evaluator.Build().Overall.Should().BeEquivalentTo(new { Semer = 0.5, Irer = 1.0, DomainError = 0.0 });
    }

    [Theory]
    [InlineData(1.2)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void A_probability_outside_zero_to_one_throws_and_leaves_the_tallies_unchanged(double probability)
    {
        var evaluator = new Evaluator();

        var act = () => evaluator.Add(U1, [Scored(0, 0.8), Scored(1, probability)]);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("ranking");
        evaluator.Build().Overall.Should().Be(new MetricSet(0, 0, 0, 0, 0, 0, 0));
    }

    [Fact]
    public void A_ranking_index_outside_the_list_throws()
    {
        var act = () => new Evaluator().Add(U3, [Scored(1, 0.5)]);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("ranking");
    }

    [Fact]
    public void An_evaluator_with_nothing_added_reports_zeros()
    {
        var report = new Evaluator().Build();

        report.Overall.Should().Be(new MetricSet(0, 0, 0, 0, 0, 0, 0));
        report.PerDomain.Should().BeEmpty();
    }

    private static ScoredHypothesis Scored(int index, double probability) => new(index, 0, probability, ScoringMethod.Weights, 1);

    private static LabelledExample Example(string id, GoldInterpretation gold, params Hypothesis[] hypotheses) =>
        new(id, null, RequestContext.Empty, gold, hypotheses);
}
