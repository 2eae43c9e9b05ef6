using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;
using static ReRanker.Core.Tests.Support.Build;

namespace ReRanker.Core.Tests.Scoring;

/// <summary>A domain whose file carries an isotonic calibration: probability from the map, ties ranked by score.</summary>
public class CalibratedRankingTests
{
    // score = logit(domainScore); the map gives 0.2 below score 0 and 0.8 at and above 1, linear in between.
    private static readonly ScoreCalibration Steps = new([new(-20, -0.001, 0.2), new(1, 20, 0.8)]);

    private static DomainWeights Calibrated(string domain) =>
        new(File(domain, weights: [("logit.domainScore", 1)]) with { SchemaVersion = 2, Calibration = Steps });

    [Fact]
    public void A_calibrated_domain_reports_the_maps_probability_and_its_raw_score()
    {
        var list = new[] { Hyp("music", 0.9) };

        var result = Reranker.Rank(list, RequestContext.Empty, Set(Calibrated("music"))).Single();

        result.Probability.Should().Be(0.8);
        result.Score.Should().BeApproximately(Math.Log(0.9 / 0.1), 1e-9);
    }

    [Fact]
    public void Equal_calibrated_probabilities_are_ranked_by_score_so_the_weights_order_survives()
    {
        // All three land in the top bin (0.8); their scores keep the order the weights gave them.
        var list = new[] { Hyp("music", 0.75), Hyp("music", 0.95), Hyp("music", 0.85) };

        var results = Reranker.Rank(list, RequestContext.Empty, Set(Calibrated("music")));

        results.Select(r => r.Probability).Should().AllSatisfy(p => p.Should().Be(0.8));
        results.Select(r => r.Index).Should().Equal(1, 2, 0);
    }

    [Fact]
    public void Across_domains_the_calibrated_probability_decides_and_an_exact_tie_goes_to_the_higher_score()
    {
        // books is uncalibrated: probability = sigmoid(score). At 0.8 it ties with music's top bin, with a lower score.
        var weights = Set(Calibrated("music"), Domain("books", weights: [("logit.domainScore", 1)]));
        var list = new[] { Hyp("books", 0.8), Hyp("music", 0.99), Hyp("books", 0.85) };

        var results = Reranker.Rank(list, RequestContext.Empty, weights);

        results.Select(r => r.Index).Should().Equal(2, 1, 0);
        results[1].Probability.Should().Be(0.8);
        results[2].Probability.Should().BeApproximately(0.8, 1e-12);
    }

    [Fact]
    public void Equal_probabilities_and_scores_keep_input_order()
    {
        var list = new[] { Hyp("music", 0.9), Hyp("music", 0.9) };

        Reranker.Rank(list, RequestContext.Empty, Set(Calibrated("music"))).Select(r => r.Index).Should().Equal(0, 1);
    }

    [Fact]
    public void A_weight_set_without_calibration_says_so_and_ranks_by_sigmoid()
    {
        var plain = Set(Domain("music", weights: [("logit.domainScore", 1)]));

        plain.HasCalibration.Should().BeFalse();
        Set(Calibrated("music")).HasCalibration.Should().BeTrue();
        Reranker.Rank([Hyp("music", 0.9)], RequestContext.Empty, plain).Single().Probability.Should().BeApproximately(0.9, 1e-12);
    }
}
