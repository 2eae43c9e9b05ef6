using ReRanker.Core.Metrics;

namespace ReRanker.Core.Tests.Metrics;

public class ReliabilityTableTests
{
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.0999, 0)]
    [InlineData(0.1, 1)]
    [InlineData(0.2, 2)]
    [InlineData(0.3, 3)]
    [InlineData(0.4, 4)]
    [InlineData(0.5, 5)]
    [InlineData(0.6, 6)]
    [InlineData(0.7, 7)]
    [InlineData(0.8, 8)]
    [InlineData(0.9, 9)]
    [InlineData(0.95, 9)]
    [InlineData(1.0, 9)]
    public void Bins_are_closed_below_and_open_above_except_the_last_which_holds_one(double probability, int bin)
    {
        var table = new ReliabilityTable();

        table.Add(probability, correct: true);

        var bins = table.Bins();
        bins.Should().HaveCount(10);
        bins[bin].Count.Should().Be(1);
        bins[bin].Lower.Should().BeApproximately(bin / 10.0, 1e-15);
        bins[bin].Upper.Should().BeApproximately((bin + 1) / 10.0, 1e-15);
    }

    [Fact]
    public void Ece_computed_by_hand_on_a_tiny_set()
    {
        var table = new ReliabilityTable();
        table.Add(0.21, true);
        table.Add(0.29, false); // bin 2: mean 0.25, accuracy 0.5, gap 0.25, weight 2/5
        table.Add(0.95, true);  // bin 9: gap 0.05, weight 1/5
        table.Add(0.85, false); // bin 8: gap 0.85, weight 1/5
        table.Add(0.05, false); // bin 0: gap 0.05, weight 1/5

        // (2·0.25 + 0.05 + 0.85 + 0.05) / 5 = 1.45 / 5
        table.ExpectedCalibrationError().Should().BeApproximately(0.29, 1e-12);
        table.Count.Should().Be(5);
        var bin2 = table.Bins()[2];
        bin2.Should().BeEquivalentTo(new { Count = 2, Accuracy = 0.5 });
        bin2.MeanProbability.Should().BeApproximately(0.25, 1e-12);
        bin2.Gap.Should().BeApproximately(0.25, 1e-12);
    }

    [Fact]
    public void A_perfectly_calibrated_set_has_zero_ece()
    {
        var table = new ReliabilityTable();
        table.Add(0.5, true);
        table.Add(0.5, false);
        table.Add(1.0, true);
        table.Add(0.0, false);

        table.ExpectedCalibrationError().Should().Be(0);
    }

    [Fact]
    public void An_empty_table_has_zero_ece_and_empty_bins()
    {
        var table = new ReliabilityTable();

        table.ExpectedCalibrationError().Should().Be(0);
        table.Bins().Should().OnlyContain(b => b.Count == 0 && b.Gap == 0 && b.MeanProbability == 0 && b.Accuracy == 0);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.0000001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_probability_outside_zero_to_one_throws(double probability)
    {
        var table = new ReliabilityTable();

        var act = () => table.Add(probability, true);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("probability");
        table.Count.Should().Be(0);
    }

    [Fact]
    public void Fewer_than_one_bin_is_refused()
    {
        var act = () => new ReliabilityTable(0);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
