using ReRanker.Core.Metrics;
using ReRanker.Core.Model;
using static ReRanker.Core.Tests.Support.Build;

namespace ReRanker.Core.Tests.Metrics;

public class SemanticErrorTests
{
    private static GoldInterpretation Gold(string domain, string intent, params Slot[] slots) => new(domain, intent, slots);

    [Fact]
    public void Corpus_readme_example_intent_right_and_one_of_two_slots_missed_is_one_third()
    {
        // tests/data/slurp-nbest/README.md: "remind me for tomorrow interview".
        var gold = Gold("calendar", "calendar_set", Slot("date", "tomorrow"), Slot("event_name", "interview"));
        var top = Interp("calendar", "calendar_set", Slot("date", "tomorrow", 0.9987));

        var result = SemanticError.Compute(top, gold);

        result.Should().Be(new SemanticErrorResult(Errors: 1, GoldSlots: 2, IntentCorrect: true));
        result.Value.Should().BeApproximately(1.0 / 3, 1e-15);
        result.IsExact.Should().BeFalse();
    }

    [Fact]
    public void Exactly_right_is_zero_and_exact_whatever_the_slot_order()
    {
        var gold = Gold("music", "play", Slot("artist", "abba"), Slot("song", "sos"));

        var result = SemanticError.Compute(Interp("music", "play", Slot("song", "sos"), Slot("artist", "abba")), gold);

        result.Value.Should().Be(0);
        result.IsExact.Should().BeTrue();
    }

    [Fact]
    public void Without_gold_slots_the_denominator_is_one()
    {
        var gold = Gold("weather", "query");

        SemanticError.Compute(Interp("weather", "query"), gold).Value.Should().Be(0);
        SemanticError.Compute(Interp("weather", "other"), gold).Value.Should().Be(1);
        SemanticError.Compute(Interp("weather", "query", Slot("place", "oslo")), gold).Value.Should().Be(1, "one insertion over 1");
        SemanticError.Compute(Interp("news", "other", Slot("a", "x"), Slot("b", "y")), gold).Value.Should().Be(3);
    }

    [Fact]
    public void Duplicate_gold_slots_match_as_a_multiset()
    {
        var gold = Gold("lists", "add", Slot("item", "milk"), Slot("item", "milk"));

        // One hypothesis slot can match only one of the two equal gold slots: one deletion.
        SemanticError.Compute(Interp("lists", "add", Slot("item", "milk")), gold).Errors.Should().Be(1);
        SemanticError.Compute(Interp("lists", "add", Slot("item", "milk"), Slot("item", "milk")), gold).Errors.Should().Be(0);
    }

    [Fact]
    public void A_repeated_hypothesis_slot_beyond_gold_is_an_insertion()
    {
        var gold = Gold("lists", "add", Slot("item", "milk"));

        SemanticError.Compute(Interp("lists", "add", Slot("item", "milk"), Slot("item", "milk")), gold).Errors.Should().Be(1);
    }

    [Theory]
    [InlineData("wrong value: one substitution, not a deletion plus an insertion", 1, "date=today", "time=nine")]
    [InlineData("wrong name with the right value is a substitution too", 1, "day=tomorrow", "time=nine")]
    [InlineData("one slot missed: one deletion", 1, "date=tomorrow")]
    [InlineData("one extra slot: one insertion", 1, "date=tomorrow", "time=nine", "place=home")]
    [InlineData("one wrong and one missed: substitution plus deletion", 2, "date=today")]
    [InlineData("two wrong and one extra: two substitutions plus an insertion", 3, "date=a", "time=b", "place=c")]
    [InlineData("nothing found: two deletions", 2)]
    public void Slot_errors_pair_unmatched_slots_as_substitutions_and_count_the_rest(string why, int errors, params string[] slots)
    {
        var gold = Gold("calendar", "set", Slot("date", "tomorrow"), Slot("time", "nine"));
        var hypothesis = Interp("calendar", "set", slots.Select(s => s.Split('=')).Select(p => Slot(p[0], p[1])).ToArray());

        SemanticError.Compute(hypothesis, gold).Errors.Should().Be(errors, why);
    }

    [Fact]
    public void Slots_match_on_exact_name_and_value()
    {
        var gold = Gold("music", "play", Slot("artist", "ABBA"));

        SemanticError.Compute(Interp("music", "play", Slot("artist", "abba")), gold).Errors.Should().Be(1);
    }

    [Fact]
    public void The_same_intent_name_in_the_wrong_domain_is_an_intent_error()
    {
        var gold = Gold("music", "query", Slot("artist", "abba"));

        var result = SemanticError.Compute(Interp("video", "query", Slot("artist", "abba")), gold);

        result.IntentCorrect.Should().BeFalse();
        result.Errors.Should().Be(1);
        result.Value.Should().Be(0.5);
    }

    [Fact]
    public void Empty_counts_the_intent_and_every_gold_slot_as_missed()
    {
        var gold = Gold("calendar", "set", Slot("date", "tomorrow"), Slot("time", "nine"));

        var result = SemanticError.Empty(gold);

        result.Should().Be(new SemanticErrorResult(3, 2, false));
        result.Value.Should().Be(1);
        SemanticError.Empty(Gold("weather", "query")).Value.Should().Be(1);
    }

    [Fact]
    public void More_than_64_gold_slots_are_still_matched()
    {
        var slots = Enumerable.Range(0, 100).Select(i => Slot("item", $"v{i % 10}")).ToArray();

        SemanticError.Compute(Interp("lists", "add", slots.Reverse().ToArray()), Gold("lists", "add", slots)).Errors.Should().Be(0);
    }
}
