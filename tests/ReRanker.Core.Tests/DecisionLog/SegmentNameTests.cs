using ReRanker.Core.DecisionLog;

namespace ReRanker.Core.Tests.DecisionLog;

public class SegmentNameTests
{
    [Fact]
    public void A_name_carries_the_replica_the_start_time_and_the_sequence()
    {
        var start = new DateTimeOffset(2026, 11, 21, 10, 2, 3, 45, TimeSpan.FromHours(1));

        var name = SegmentName.Format("pod-7.b_c", start, 12);

        name.Should().Be("decisions-pod-7.b_c-20261121T090203045Z-0012.jsonl");
        SegmentName.TryParse(name, out var replica, out var parsed, out var sequence).Should().BeTrue();
        (replica, parsed, sequence).Should().Be(("pod-7.b_c", start, 12));
    }

    [Theory]
    [InlineData("decisions-a-20261121T090203045Z-0012.json")]
    [InlineData("decisions--20261121T090203045Z-0012.jsonl")]
    [InlineData("decisions-a-20261321T090203045Z-0012.jsonl")]
    [InlineData("notes.txt")]
    [InlineData(".decisions-a-20261121T090203045Z-0012.jsonl")]
    public void Other_files_are_not_segments(string name) =>
        SegmentName.TryParse(name, out _, out _, out _).Should().BeFalse();

    [Theory]
    [InlineData("reranker-6f7d9c-x2x4q", "reranker-6f7d9c-x2x4q")]
    [InlineData("My Host (1)", "My-Host--1")]
    [InlineData("---", "replica")]
    public void A_host_name_becomes_a_valid_replica_id(string host, string replica)
    {
        SegmentName.ReplicaFromHostName(host).Should().Be(replica);
        SegmentName.IsValidReplica(replica).Should().BeTrue();
    }
}
