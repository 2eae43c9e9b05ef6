using System.Text;
using System.Text.Json;
using ReRanker.Core.Corpus;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Text;
using static ReRanker.Core.Tests.Support.Build;

namespace ReRanker.Core.Tests.DecisionLog;

/// <summary>What the service writes is what the importer reads: every field, with slot values in the writer's form.</summary>
public class DecisionLogFormatTests
{
    private static readonly LogRecordHeader Header = new("req-1", new DateTimeOffset(2026, 11, 21, 10, 0, 0, 123, TimeSpan.Zero), "replica-a", "k1");

    [Fact]
    public void A_decision_round_trips_with_the_served_version_of_each_domain()
    {
        var hypotheses = new[]
        {
            new Hypothesis("music", "music_play", [Slot("artist", "abba", 0.9)], 0.8, 0.7, 0.6, Id: "caller-id"),
            new Hypothesis("video", "video_play", [], 0.3, 0.2, 1),
            new Hypothesis("music", "music_query", [], 0.8, 0.1, 0.6),
        };
        ScoredHypothesis[] ranked = [new(2, 1.5, 0.8, ScoringMethod.Weights, 4), new(1, 0.1, 0.5, ScoringMethod.Unweighted, null), new(0, -1, 0.2, ScoringMethod.Weights, 4)];
        var context = Context(("deviceType", ContextValue.Of("speaker")), ("hasScreen", ContextValue.Of(false)), ("hour", ContextValue.Of(20.25)));

        var line = Write(w => DecisionLogFormat.WriteDecision(w, Header, UnweightedDomainPolicy.Unweighted, context, hypotheses, ranked, new Marking()));
        var record = DecisionLogParser.Parse(line, 1).Should().BeOfType<LoggedDecision>().Subject;

        record.Should().BeEquivalentTo(new
        {
            RequestId = "req-1", Replica = "replica-a", KeyId = "k1", Policy = UnweightedDomainPolicy.Unweighted,
            Versions = new Dictionary<string, int?> { ["music"] = 4, ["video"] = null },
            Ranking = new[] { 2, 1, 0 },
            ServedTop = 2,
        });
        record.Time.Should().Be(Header.Time);
        record.Context.Entries.Should().Equal(context.Entries);
        record.Hypotheses.Should().BeEquivalentTo(new[]
        {
            new Hypothesis("music", "music_play", [Slot("artist", "<abba>", 0.9)], 0.8, 0.7, 0.6),
            hypotheses[1],
            hypotheses[2],
        }, "slot values are written by the value writer, and caller ids are not kept");
    }

    [Fact]
    public void Feedback_round_trips_and_a_correction_only_comes_with_corrected()
    {
        var correction = new GoldInterpretation("play", "play_music", [Slot("song", "mary poppins")]);

        var line = Write(w => DecisionLogFormat.WriteFeedback(w, Header, FeedbackOutcome.Corrected, correction, new Marking()));
        var plain = Write(w => DecisionLogFormat.WriteFeedback(w, Header, FeedbackOutcome.BargeIn, null, new Marking()));

        DecisionLogParser.Parse(line, 1).Should().BeEquivalentTo(new LoggedFeedback("req-1", Header.Time, "replica-a", "k1", FeedbackOutcome.Corrected,
            new GoldInterpretation("play", "play_music", [Slot("song", "<mary poppins>")])));
        plain.Should().Contain("\"outcome\":\"barge-in\"");
        ((LoggedFeedback)DecisionLogParser.Parse(plain, 1)).Correction.Should().BeNull();
        var act = () => Write(w => DecisionLogFormat.WriteFeedback(w, Header, FeedbackOutcome.Accepted, correction, new Marking()));
        act.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("\"schema\":2", "\"schema\":3", "schema")]
    [InlineData("\"schema\":2", "\"schema\":0", "schema")]
    [InlineData("\"kind\":\"feedback\"", "\"kind\":\"other\"", "kind")]
    [InlineData("\"outcome\":\"barge-in\"", "\"outcome\":\"bargein\"", "outcome")]
    [InlineData("\"outcome\":\"barge-in\"", "\"outcome\":\"barge-in\",\"correction\":{\"domain\":\"a\",\"intent\":\"b\"}", "correction")]
    [InlineData("\"requestId\":\"req-1\"", "\"requestId\":\"\\ud800\"", "requestId")]
    [InlineData("\"time\":\"2026-11-21T10:00:00.123Z\"", "\"time\":\"yesterday\"", "time")]
    public void A_broken_feedback_field_is_named(string find, string replace, string field)
    {
        var line = Write(w => DecisionLogFormat.WriteFeedback(w, Header, FeedbackOutcome.BargeIn, null, new Marking()));
        line.Should().Contain(find);

        var act = () => DecisionLogParser.Parse(line.Replace(find, replace, StringComparison.Ordinal), 3);

        act.Should().Throw<CorpusFormatException>().Which.Should().BeEquivalentTo(new { LineNumber = 3L, Field = field });
    }

    [Theory]
    [InlineData("\"ranking\":[0]", "\"ranking\":[1]", "ranking[0]")]
    [InlineData("\"ranking\":[0]", "\"ranking\":[0,0]", "ranking[1]")]
    [InlineData("\"policy\":\"Unweighted\"", "\"policy\":\"Drop\"", "policy")]
    [InlineData("\"versions\":{\"music\":null}", "\"versions\":{\"music\":\"1\"}", "versions.music")]
    [InlineData("[\"music\",\"play\",0.5,", "[\"music\",\"play\",5,", "hypotheses[0].domainScore")]
    [InlineData("[\"music\",\"play\",0.5,0.5,0.5]", "[\"music\",\"play\",0.5,0.5]", "hypotheses[0]")]
    [InlineData("[\"music\",\"play\",0.5,0.5,0.5]", "{\"domain\":\"music\"}", "hypotheses[0]")]
    [InlineData("[\"music\",\"play\",", "[7,\"play\",", "hypotheses[0].domain")]
    [InlineData("0.5,0.5,0.5]", "0.5,0.5,0.5,{}]", "hypotheses[0].slots")]
    [InlineData("0.5,0.5,0.5]", "0.5,0.5,0.5,[[\"artist\"]]]", "hypotheses[0].slots[0]")]
    [InlineData("0.5,0.5,0.5]", "0.5,0.5,0.5,[[\"artist\",null]]]", "hypotheses[0].slots[0].value")]
    [InlineData("0.5,0.5,0.5]", "0.5,0.5,0.5,[[\"artist\",\"x\",2]]]", "hypotheses[0].slots[0].confidence")]
    public void A_broken_decision_field_is_named(string find, string replace, string field)
    {
        var line = Write(w => DecisionLogFormat.WriteDecision(w, Header, UnweightedDomainPolicy.Unweighted, RequestContext.Empty,
            [Interp("music", "play")], [new ScoredHypothesis(0, 0, 0.5, ScoringMethod.Unweighted, null)], new Marking()));
        line.Should().Contain(find);

        var act = () => DecisionLogParser.Parse(line.Replace(find, replace, StringComparison.Ordinal), 1);

        act.Should().Throw<CorpusFormatException>().Which.Field.Should().Be(field);
    }

    [Fact]
    public void A_schema_1_line_reads_as_it_did_when_it_was_written()
    {
        const string line = "{\"kind\":\"decision\",\"schema\":1,\"requestId\":\"req-1\",\"time\":\"2026-11-21T10:00:00.123Z\",\"replica\":\"replica-a\","
            + "\"keyId\":\"k1\",\"policy\":\"Reject\",\"versions\":{\"music\":4},\"context\":{\"hour\":20},\"hypotheses\":["
            + "{\"domain\":\"music\",\"intent\":\"music_play\",\"slots\":[{\"name\":\"artist\",\"value\":\"hmac:x\",\"confidence\":0.9}],"
            + "\"domainScore\":0.8,\"intentScore\":0.7,\"slotScore\":0.6},"
            + "{\"domain\":\"music\",\"intent\":\"music_query\",\"slots\":[],\"domainScore\":0.8,\"intentScore\":0.1,\"slotScore\":0.6}],"
            + "\"ranking\":[1,0]}";

        var record = DecisionLogParser.Parse(line, 1).Should().BeOfType<LoggedDecision>().Subject;

        record.Should().BeEquivalentTo(new { RequestId = "req-1", Policy = UnweightedDomainPolicy.Reject, Ranking = new[] { 1, 0 }, ServedTop = 1 });
        record.Hypotheses.Should().BeEquivalentTo(new[]
        {
            new Hypothesis("music", "music_play", [Slot("artist", "hmac:x", 0.9)], 0.8, 0.7, 0.6),
            new Hypothesis("music", "music_query", [], 0.8, 0.1, 0.6),
        });
    }

    [Fact]
    public void A_decision_line_is_written_in_the_compact_schema_with_no_field_names_per_hypothesis()
    {
        var line = Write(w => DecisionLogFormat.WriteDecision(w, Header, UnweightedDomainPolicy.Unweighted, RequestContext.Empty,
            [new Hypothesis("music", "play", [Slot("artist", "abba", 0.9), Slot("title", "sos")], 0.25, 0.5, 1), Interp("video", "play")],
            [new ScoredHypothesis(1, 0, 0.5, ScoringMethod.Unweighted, null), new ScoredHypothesis(0, 0, 0.5, ScoringMethod.Unweighted, null)], new Marking()));

        line.Should().Contain("\"schema\":2").And.Contain(
            "\"hypotheses\":[[\"music\",\"play\",0.25,0.5,1,[[\"artist\",\"\\u003Cabba\\u003E\",0.9],[\"title\",\"\\u003Csos\\u003E\"]]],[\"video\",\"play\",0.5,0.5,0.5]]");
    }

    [Fact]
    public void Invalid_utf8_is_a_format_error_not_a_crash()
    {
        var act = () => DecisionLogParser.Parse(new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' }, 1);

        act.Should().Throw<CorpusFormatException>().Which.Reason.Should().Contain("UTF-8");
    }

    internal static string Write(Action<JsonLineWriter> write)
    {
        var line = new JsonLineWriter();
        write(line);
        return Encoding.UTF8.GetString(line.Written);
    }

    /// <summary>Writes each value in angle brackets, so a test sees that values went through the value writer.</summary>
    internal sealed class Marking : ISlotValueWriter
    {
        public void WriteValue(JsonLineWriter line, string value) => line.String($"<{value}>");
    }
}
