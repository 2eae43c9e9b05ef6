using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using static ReRanker.Core.Tests.Support.Build;

namespace ReRanker.Core.Tests.Scoring;

/// <summary>Context numbers come from clients: no value may make a score infinite or NaN.</summary>
public class ExtremeContextTests
{
    private static readonly WeightSet Weights = Set(Domain("music", weights: [("context.a", 1e6), ("context.b", 1e6)]));

    [Fact]
    public void Opposite_huge_context_numbers_give_a_finite_score_not_nan()
    {
        // Unlimited, this would be +∞ + −∞ = NaN, and a NaN probability cannot be ranked or serialised.
        var context = Context(("a", ContextValue.Of(double.MaxValue)), ("b", ContextValue.Of(-double.MaxValue)));

        var result = Reranker.Rank([Hyp("music")], context, Weights).Single();

        double.IsFinite(result.Score).Should().BeTrue();
        result.Score.Should().Be(0);
        result.Probability.Should().Be(0.5);
    }

    [Fact]
    public void One_context_entry_adds_at_most_the_documented_limit()
    {
        var context = Context(("a", ContextValue.Of(1e300)));

        Reranker.Rank([Hyp("music")], context, Weights).Single().Score.Should().Be(DomainWeights.MaxContextTerm);
        Reranker.Explain([Hyp("music")], 0, context, Weights).Sum(c => c.Contribution).Should().Be(DomainWeights.MaxContextTerm);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_non_finite_context_number_is_refused(double number)
    {
        var act = () => ContextValue.Of(number);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
