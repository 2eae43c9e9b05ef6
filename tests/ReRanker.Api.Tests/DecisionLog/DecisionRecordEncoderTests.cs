using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ReRanker.Api.DecisionLog;
using ReRanker.Api.Scoring;
using ReRanker.Api.Validation;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;

namespace ReRanker.Api.Tests.DecisionLog;

/// <summary>The writer's encoder stores what the format always stored: the same hmac: values under the same key, one line per record.</summary>
public sealed class DecisionRecordEncoderTests : IDisposable
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly DateTimeOffset Time = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private readonly DecisionRecordEncoder _encoder = new(new HmacSlotValues(Key), "replica-a");

    public void Dispose() => _encoder.Dispose();

    [Fact]
    public void Slot_values_are_stored_as_the_first_16_bytes_of_HMAC_SHA256_of_their_UTF8_in_base64url()
    {
        using var values = new HmacSlotValues(Key);

        foreach (var value in new[] { "mary poppins", "", "é☃", new string('x', 5000) })
        {
            values.Hash(value).Should().Be(OneShot(value), "segments written before and after must compare equal");
        }
    }

    [Fact]
    public void Repeated_values_and_values_past_those_a_record_remembers_all_get_their_own_hash()
    {
        // 40 distinct values, each twice: more than the encoder remembers per record.
        var hypotheses = Enumerable.Range(0, 40)
            .Select(i => new Hypothesis("music", "play", [new Slot("title", $"song {i}", 0.5), new Slot("artist", $"song {i}", null)], 0.5, 0.5, 0.5))
            .ToArray();

        var first = Decode(Decision("r1", hypotheses));
        var second = Decode(Decision("r2", [new Hypothesis("video", "play", [new Slot("title", "song 0", 0.25), new Slot("title", "film", 0.25)], 0.25, 0.5, 1)]));

        first.Hypotheses.Select(h => h.Slots[0].Value).Should().Equal(Enumerable.Range(0, 40).Select(i => OneShot($"song {i}")));
        first.Hypotheses.Select(h => h.Slots[1].Value).Should().Equal(Enumerable.Range(0, 40).Select(i => OneShot($"song {i}")));
        second.Hypotheses[0].Slots.Select(s => s.Value).Should().Equal(OneShot("song 0"), OneShot("film"));
        second.KeyId.Should().Be(first.KeyId);
    }

    [Fact]
    public void A_line_holds_no_clear_slot_value_and_ends_with_one_newline()
    {
        var line = Decision("r1", [new Hypothesis("music", "play", [new Slot("title", "mary poppins", 0.9)], 0.39314, 0.7, 0.00001)]);

        line.Should().EndWith("}\n").And.NotContain("mary poppins").And.Contain("[\"music\",\"play\",0.39314,0.7,1E-05,[[\"title\",\"hmac:");
        line.Count(c => c == '\n').Should().Be(1);
    }

    private string Decision(string requestId, Hypothesis[] hypotheses)
    {
        var request = new ValidatedRerank(requestId, RequestContext.Empty, hypotheses, null, false);
        var ranking = RerankScorer.Rank(request, WeightSet.Empty, UnweightedDomainPolicy.Unweighted);
        _encoder.Encode(new DecisionEntry(ranking, request.Context, UnweightedDomainPolicy.Unweighted, Time));
        return Encoding.UTF8.GetString(_encoder.Line);
    }

    private static LoggedDecision Decode(string line) => (LoggedDecision)DecisionLogParser.Parse(line.TrimEnd('\n'), 1);

    // The stored form, computed the plain way (a one-shot HMAC per value), independently of the writer's code.
    private static string OneShot(string value) =>
        "hmac:" + Base64Url.EncodeToString(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(value)).AsSpan(0, 16));
}
