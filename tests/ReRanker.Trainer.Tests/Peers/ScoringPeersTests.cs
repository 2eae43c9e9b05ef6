using ReRanker.Benchmarks;

namespace ReRanker.Trainer.Tests.Peers;

/// <summary>
/// The benchmark's three scorers of one request must agree before their times mean anything: Core's Rank, ML.NET's
/// PredictionEngine on the same trained linear model, and ONNX Runtime on its ONNX export (tolerance 1e-5: the two
/// peers compute in single precision).
/// </summary>
public sealed class ScoringPeersTests
{
    [Fact]
    public void Core_prediction_engine_and_onnx_runtime_give_the_same_probabilities()
    {
        using var peers = new ScoringPeers();

        var core = peers.Core();

        core.Should().HaveCount(12);
        core.Distinct().Should().HaveCountGreaterThan(6, "a check on equal probabilities would prove nothing");
        peers.PredictionEngine().Select(p => (double)p).Should().Equal(core, (a, b) => Math.Abs(a - b) <= ScoringPeers.Tolerance);
        peers.OnnxRuntime().Select(p => (double)p).Should().Equal(core, (a, b) => Math.Abs(a - b) <= ScoringPeers.Tolerance);
        peers.LargestDifference().Should().BeLessThanOrEqualTo(ScoringPeers.Tolerance);
    }
}
