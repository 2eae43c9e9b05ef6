using ReRanker.Core.Features;

namespace ReRanker.Core.Tests.Features;

public class LogitTests
{
    // logit(1e-6) = ln(1e-6 / (1 - 1e-6)): the floor every confidence of 0 is clamped to.
    private static readonly double LogitOfEpsilon = Math.Log(1e-6 / (1 - 1e-6));

    [Fact]
    public void Logit_of_zero_is_clamped_to_the_finite_logit_of_one_in_a_million()
    {
        var logit = FeatureExtractor.Logit(0);

        double.IsFinite(logit).Should().BeTrue();
        logit.Should().BeApproximately(LogitOfEpsilon, 1e-9);
    }

    [Fact]
    public void Logit_of_one_is_clamped_to_the_negated_logit_of_one_in_a_million()
    {
        var logit = FeatureExtractor.Logit(1);

        double.IsFinite(logit).Should().BeTrue();
        logit.Should().BeApproximately(-LogitOfEpsilon, 1e-6);
    }

    [Theory]
    [InlineData(0.5, 0)]
    [InlineData(0.8, 1.3862943611198906)] // ln 4
    [InlineData(0.2, -1.3862943611198906)]
    public void Logit_inside_the_clamp_is_the_plain_log_odds(double probability, double expected) =>
        FeatureExtractor.Logit(probability).Should().BeApproximately(expected, 1e-12);

    [Theory]
    [InlineData(-1000)]
    [InlineData(-5)]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Sigmoid_is_finite_within_zero_and_one_and_inverts_logit(double score)
    {
        var p = FeatureExtractor.Sigmoid(score);

        p.Should().BeInRange(0, 1);
        if (Math.Abs(score) < 10)
        {
            FeatureExtractor.Logit(p).Should().BeApproximately(score, 1e-9);
        }
    }
}
