using ReRanker.Core.Corpus;
using ReRanker.Core.Model;
using static ReRanker.Core.Tests.Support.CorpusLines;

namespace ReRanker.Core.Tests.Corpus;

/// <summary>Each broken field of one line is named in the error, so a bad corpus can be fixed.</summary>
public class CorpusLineFieldTests
{
    [Theory]
    [InlineData("\"id\":\"u1\",", "", "id")]
    [InlineData("\"id\":\"u1\"", "\"id\":7", "id")]
    [InlineData("\"gold\":{\"domain\":\"music\",", "\"gold\":{", "gold.domain")]
    [InlineData("\"intent\":\"music_play\",\"slots\":[{\"name\":\"artist\",\"value\":\"abba\"}]}", "\"intent\":\"music_play\",\"slots\":{}}", "gold.slots")]
    [InlineData("\"intentScore\":0.9", "\"intentScore\":\"0.9\"", "hypotheses[0].intentScore")]
    [InlineData("\"slotScore\":1}", "\"slotScore\":1.01}", "hypotheses[1].slotScore")]
    [InlineData("\"confidence\":0.97", "\"confidence\":2", "hypotheses[0].slots[0].confidence")]
    [InlineData("\"value\":\"abba\",\"confidence\"", "\"value\":null,\"confidence\"", "hypotheses[0].slots[0].value")]
    [InlineData("\"hour\":11", "\"hour\":[11]", "context.hour")]
    [InlineData("\"context\":{\"deviceType\":\"speaker\",\"hasScreen\":false,\"hour\":11}", "\"context\":[]", "context")]
    [InlineData("\"hypotheses\":[{", "\"hypotheses\":[7,{", "hypotheses[0]")]
    public void A_broken_field_is_named(string find, string replace, string field)
    {
        var line = Valid().Replace(find, replace, StringComparison.Ordinal);
        line.Should().NotBe(Valid(), "the test must actually break the line");

        var act = () => CorpusReader.ParseLine(line, 7);

        act.Should().Throw<CorpusFormatException>().Which.Should().BeEquivalentTo(new { LineNumber = 7L, Field = field });
    }

    [Fact]
    public void A_missing_hypotheses_array_is_named()
    {
        var line = Valid()[..Valid().IndexOf(",\"hypotheses\"", StringComparison.Ordinal)] + "}";

        var act = () => CorpusReader.ParseLine(line, 1);

        act.Should().Throw<CorpusFormatException>().Which.Field.Should().Be("hypotheses");
    }

    [Fact]
    public void Optional_parts_may_be_absent()
    {
        var line = """{"id":"u","gold":{"domain":"weather","intent":"query"},"hypotheses":[{"domain":"weather","intent":"query","domainScore":0,"intentScore":1,"slotScore":0.5,"id":"h1"}]}""";

        var example = CorpusReader.ParseLine(line, 1);

        example.Utterance.Should().BeNull();
        example.Context.Should().BeSameAs(RequestContext.Empty);
        example.Gold!.Slots.Should().BeEmpty();
        example.Hypotheses.Single().Should().BeEquivalentTo(new { Id = "h1", Slots = Array.Empty<Slot>(), DomainScore = 0.0, IntentScore = 1.0 });
    }

    [Fact]
    public void An_empty_hypothesis_list_is_a_valid_line() =>
        CorpusReader.ParseLine("""{"id":"u","gold":{"domain":"weather","intent":"query"},"hypotheses":[]}""", 1)
            .Hypotheses.Should().BeEmpty();
}
