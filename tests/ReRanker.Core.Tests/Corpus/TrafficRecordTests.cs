using System.Text;
using System.Text.Json;
using ReRanker.Core.Corpus;
using ReRanker.Core.Text;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Model;
using static ReRanker.Core.Tests.Support.CorpusLines;

namespace ReRanker.Core.Tests.Corpus;

/// <summary>The corpus format's extension for records imported from traffic: no gold, a hypothesis known wrong, the outcome.</summary>
public class TrafficRecordTests
{
    private const string Negative =
        """{"id":"r1","context":{"hour":3},"knownWrong":1,"outcome":"barge-in","hypotheses":[{"domain":"music","intent":"play","slots":[],"domainScore":0.5,"intentScore":0.5,"slotScore":1},{"domain":"video","intent":"play","slots":[{"name":"title","value":"hmac:abc"}],"domainScore":0.5,"intentScore":0.5,"slotScore":1}]}""";

    [Fact]
    public void A_record_without_gold_names_the_hypothesis_known_wrong()
    {
        var example = CorpusReader.ParseLine(Negative, 1);

        example.Gold.Should().BeNull();
        example.KnownWrong.Should().Be(1);
        example.Outcome.Should().Be(FeedbackOutcome.BargeIn);
    }

    [Theory]
    [InlineData("\"knownWrong\":1,", "", "gold")]
    [InlineData("\"knownWrong\":1", "\"knownWrong\":2", "knownWrong")]
    [InlineData("\"knownWrong\":1", "\"knownWrong\":-1", "knownWrong")]
    [InlineData("\"knownWrong\":1", "\"knownWrong\":\"1\"", "knownWrong")]
    [InlineData("\"knownWrong\":1", "\"knownWrong\":1,\"gold\":{\"domain\":\"music\",\"intent\":\"play\"}", "knownWrong")]
    [InlineData("\"outcome\":\"barge-in\"", "\"outcome\":\"happy\"", "outcome")]
    [InlineData("\"outcome\":\"barge-in\"", "\"outcome\":3", "outcome")]
    public void A_broken_traffic_field_is_named(string find, string replace, string field)
    {
        var act = () => CorpusReader.ParseLine(Negative.Replace(find, replace, StringComparison.Ordinal), 4);

        act.Should().Throw<CorpusFormatException>().Which.Should().BeEquivalentTo(new { LineNumber = 4L, Field = field });
    }

    [Fact]
    public void A_string_that_is_not_text_is_a_format_error_naming_the_field()
    {
        var act = () => CorpusReader.ParseLine(Valid().Replace("\"abba\",\"confidence\"", "\"\\udc00\",\"confidence\"", StringComparison.Ordinal), 2);

        act.Should().Throw<CorpusFormatException>().Which.Field.Should().Be("hypotheses[0].slots[0].value");
    }

    [Theory]
    [InlineData(Negative)]
    [InlineData("""{"id":"u1","utterance":"play abba","context":{"deviceType":"speaker","hasScreen":false,"hour":11},"gold":{"domain":"music","intent":"music_play","slots":[{"name":"artist","value":"abba"}]},"outcome":"corrected","hypotheses":[{"domain":"music","intent":"music_play","slots":[{"name":"artist","value":"abba","confidence":0.97}],"domainScore":0.8,"intentScore":0.9,"slotScore":0.85,"id":"h1"}]}""")]
    public void The_corpus_writer_writes_what_the_reader_reads(string line)
    {
        var example = CorpusReader.ParseLine(line, 1);

        var written = Write(example);

        written.Should().Be(line);
        CorpusReader.ParseLine(written, 1).Should().BeEquivalentTo(example);
    }

    [Fact]
    public void The_writer_round_trips_the_corpus_test_split_line_by_line()
    {
        foreach (var line in File.ReadLines(ReRanker.Tests.Shared.RepoPaths.Corpus("test.jsonl")).Take(50))
        {
            var example = CorpusReader.ParseLine(line, 1);
            CorpusReader.ParseLine(Write(example), 1).Should().BeEquivalentTo(example);
        }
    }

    private static string Write(LabelledExample example)
    {
        var line = new JsonLineWriter(System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        CorpusWriter.Write(line, example);
        return Encoding.UTF8.GetString(line.Written);
    }
}
