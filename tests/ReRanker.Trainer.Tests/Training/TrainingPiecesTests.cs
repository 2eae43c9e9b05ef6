using ReRanker.Trainer.Cli;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Training;

namespace ReRanker.Trainer.Tests.Training;

/// <summary>The small parts training relies on: the seeded split, the optimiser, feature groups, createdAt.</summary>
public sealed class TrainingPiecesTests
{
    [Fact]
    public void Held_out_split_depends_only_on_count_fraction_and_seed()
    {
        var a = HoldOutSplit.Create(1000, 0.1, seed: 3);
        var b = HoldOutSplit.Create(1000, 0.1, seed: 3);
        var c = HoldOutSplit.Create(1000, 0.1, seed: 4);

        a.HeldOut.Should().Equal(b.HeldOut);
        a.HeldOut.Should().NotEqual(c.HeldOut);
        a.HeldOut.Should().HaveCount(100);
        a.Fit.Concat(a.HeldOut).Order().Should().Equal(Enumerable.Range(0, 1000), "the parts are disjoint and cover everything");
    }

    [Fact]
    public void Lbfgs_finds_the_minimum_of_a_shifted_quadratic()
    {
        IOptimizer optimizer = new LbfgsOptimizer();
        double[] target = [1.5, -2, 0.25];

        var result = optimizer.Minimize(
            (point, gradient) =>
            {
                double value = 0;
                for (var i = 0; i < point.Length; i++)
                {
                    var d = point[i] - target[i];
                    value += (i + 1) * d * d;
                    gradient[i] = 2 * (i + 1) * d;
                }

                return value;
            },
            new double[3]);

        result.Point.Should().Equal(target, (x, y) => Math.Abs(x - y) < 1e-6);
    }

    [Fact]
    public void Feature_groups_expand_to_stable_names()
    {
        var selection = FeatureSelection.Parse("logits+domain+device");

        selection.Dense.Select(ReRanker.Core.Features.FeatureCatalog.NameOf).Should().Equal(
            "logit.domainScore", "logit.intentScore", "logit.slotScore", "list.domainRank", "list.domainMargin");
        selection.UsesContextKey("deviceType").Should().BeTrue();
        selection.UsesContextKey("hour").Should().BeFalse();
    }

    [Fact]
    public void Created_at_option_wins_over_source_date_epoch()
    {
        CreatedAtParser.Resolve("2026-01-02T03:04:05Z").Should().Be(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    }
}
