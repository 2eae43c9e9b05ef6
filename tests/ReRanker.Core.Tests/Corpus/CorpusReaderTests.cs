using ReRanker.Core.Corpus;
using ReRanker.Core.Model;
using ReRanker.Tests.Shared;
using static ReRanker.Core.Tests.Support.CorpusLines;

namespace ReRanker.Core.Tests.Corpus;

public class CorpusReaderTests
{
    [Fact]
    public async Task The_test_split_in_the_repository_reads_as_903_examples()
    {
        await using var stream = File.OpenRead(RepoPaths.Corpus("test.jsonl"));

        var examples = await ReadAll(stream);

        examples.Should().HaveCount(903);
        examples.Select(e => e.Id).Should().OnlyHaveUniqueItems();
        examples.Should().OnlyContain(e => e.Hypotheses.Count >= 10 && e.Hypotheses.Count <= 15, "the README promises 10–15 hypotheses per utterance");
        examples[0].Id.Should().Be("slurp-5666");
        examples[0].Gold!.Domain.Should().Be("weather");
    }

    [Fact]
    public async Task A_line_is_read_into_every_field()
    {
        var example = (await ReadAll(Stream(Valid()))).Single();

        example.Id.Should().Be("u1");
        example.Utterance.Should().Be("play abba");
        example.Context.Entries.Should().Equal(
            KeyValuePair.Create("deviceType", ContextValue.Of("speaker")),
            KeyValuePair.Create("hasScreen", ContextValue.Of(false)),
            KeyValuePair.Create("hour", ContextValue.Of(11)));
        example.Gold.Should().BeEquivalentTo(new GoldInterpretation("music", "music_play", [new Slot("artist", "abba")]));
        example.Hypotheses.Should().HaveCount(2);
        example.Hypotheses[0].Should().BeEquivalentTo(new Hypothesis("music", "music_play", [new Slot("artist", "abba", 0.97)], 0.8, 0.9, 0.85));
        example.Hypotheses[1].Slots.Should().BeEmpty();
    }

    [Fact]
    public async Task Blank_lines_are_skipped_but_still_counted_for_line_numbers()
    {
        var stream = Stream(Valid("a"), "", "   ", Valid("b", domainScore: "1.5"));

        var act = () => ReadAll(stream);

        (await act.Should().ThrowAsync<CorpusFormatException>()).Which.LineNumber.Should().Be(4);
        (await ReadAll(Stream(Valid("a"), "", "  \t", Valid("b"), ""))).Select(e => e.Id).Should().Equal("a", "b");
    }

    [Fact]
    public async Task A_bad_line_reports_its_one_based_line_number_and_the_field()
    {
        var stream = Stream(Valid("a"), Valid("b"), Valid("c", domainScore: "1.5"), Valid("d"));

        var act = () => ReadAll(stream);

        var error = (await act.Should().ThrowAsync<CorpusFormatException>()).Which;
        error.LineNumber.Should().Be(3);
        error.Field.Should().Be("hypotheses[0].domainScore");
        error.Message.Should().Be("line 3: hypotheses[0].domainScore: is required and must be a number within [0, 1]");
    }

    [Fact]
    public async Task A_line_that_is_not_json_is_reported_on_the_root_field()
    {
        var act = () => ReadAll(Stream(Valid(), "{\"id\": \"u2\", "));

        var error = (await act.Should().ThrowAsync<CorpusFormatException>()).Which;
        error.LineNumber.Should().Be(2);
        error.Field.Should().Be("$");
        error.Reason.Should().StartWith("not valid JSON");
    }

    [Fact]
    public async Task In_skip_mode_bad_lines_go_to_the_callback_and_reading_continues()
    {
        var errors = new List<CorpusFormatException>();
        var stream = Stream(Valid("a"), "not json", Valid("b", domainScore: "-0.1"), Valid("c"), "[]");

        var examples = await ReadAll(stream, errors.Add);

        examples.Select(e => e.Id).Should().Equal("a", "c");
        errors.Select(e => (e.LineNumber, e.Field)).Should().Equal((2L, "$"), (3L, "hypotheses[0].domainScore"), (5L, "$"));
    }

    [Fact]
    public async Task A_utf8_byte_order_mark_at_the_start_is_ignored()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes(Valid())).ToArray();

        (await ReadAll(new MemoryStream(bytes))).Should().ContainSingle();
    }
}
