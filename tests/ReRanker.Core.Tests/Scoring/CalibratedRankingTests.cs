using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;
using static ReRanker.Core.Tests.Support.Build;

namespace ReRanker.Core.Tests.Scoring;

/// <summary>A domain whose file carries a calibration: the map's probability is reported, the order is the uncalibrated one.</summary>
public class CalibratedRankingTests
{
    // score = logit(domainScore); the map gives 0.2 below score 0 and 0.8 at and above 1, linear in between.
    private static readonly IsotonicCalibration Steps = new([new(-20, -0.001, 0.2), new(1, 20, 0.8)]);

    private static DomainWeights Calibrated(string domain, ScoreCalibration calibration) =>
        new(File(domain, weights: [("logit.domainScore", 1)]) with { SchemaVersion = 2, Calibration = calibration });

    [Fact]
    public void A_calibrated_domain_reports_the_maps_probability_and_its_raw_score()
    {
        var list = new[] { Hyp("music", 0.9) };

        var result = Reranker.Rank(list, RequestContext.Empty, Set(Calibrated("music", Steps))).Single();

        result.Probability.Should().Be(0.8);
        result.Score.Should().BeApproximately(Math.Log(0.9 / 0.1), 1e-9);
    }

    [Fact]
    public void A_platt_calibrated_domain_reports_the_sigmoid_of_slope_times_score_plus_offset()
    {
        var result = Reranker.Rank([Hyp("music", 0.9)], RequestContext.Empty, Set(Calibrated("music", new PlattCalibration(0.5, -1)))).Single();

        var score = Math.Log(0.9 / 0.1);
        result.Score.Should().BeApproximately(score, 1e-9);
        result.Probability.Should().BeApproximately(1 / (1 + Math.Exp(-((0.5 * score) - 1))), 1e-12);
    }

    [Fact]
    public void Equal_calibrated_probabilities_keep_the_order_the_weights_gave()
    {
        // All three land in the top bin (0.8); they are ranked by their scores.
        var list = new[] { Hyp("music", 0.75), Hyp("music", 0.95), Hyp("music", 0.85) };

        var results = Reranker.Rank(list, RequestContext.Empty, Set(Calibrated("music", Steps)));

        results.Select(r => r.Probability).Should().AllSatisfy(p => p.Should().Be(0.8));
        results.Select(r => r.Index).Should().Equal(1, 2, 0);
    }

    [Theory]
    [InlineData("isotonic")]
    [InlineData("platt")]
    public void Across_domains_a_calibration_never_changes_the_order(string method)
    {
        // music's map lifts its probabilities far above books', whose scores are higher: the order stays by score.
        ScoreCalibration lift = method == "platt" ? new PlattCalibration(1, 5) : new IsotonicCalibration([new(-20, 20, 0.99)]);
        var books = Domain("books", weights: [("logit.domainScore", 1)]);
        var uncalibrated = Set(Domain("music", weights: [("logit.domainScore", 1)]), books);
        var list = new[] { Hyp("music", 0.6), Hyp("books", 0.8), Hyp("music", 0.7), Hyp("books", 0.9) };

        var results = Reranker.Rank(list, RequestContext.Empty, Set(Calibrated("music", lift), books));

        results.Select(r => r.Index).Should().Equal(3, 1, 2, 0);
        results.Select(r => r.Index).Should().Equal(Reranker.Rank(list, RequestContext.Empty, uncalibrated).Select(r => r.Index));
        results.Where(r => list[r.Index].Domain == "music").Should().OnlyContain(r => r.Probability > 0.9);
    }

    [Fact]
    public void Equal_scores_keep_input_order()
    {
        var list = new[] { Hyp("music", 0.9), Hyp("music", 0.9) };

        Reranker.Rank(list, RequestContext.Empty, Set(Calibrated("music", Steps))).Select(r => r.Index).Should().Equal(0, 1);
    }

    [Fact]
    public void A_weight_set_without_calibration_says_so_and_reports_the_sigmoid()
    {
        var plain = Set(Domain("music", weights: [("logit.domainScore", 1)]));

        plain.HasCalibration.Should().BeFalse();
        Set(Calibrated("music", Steps)).HasCalibration.Should().BeTrue();
        Reranker.Rank([Hyp("music", 0.9)], RequestContext.Empty, plain).Single().Probability.Should().BeApproximately(0.9, 1e-12);
    }
}
