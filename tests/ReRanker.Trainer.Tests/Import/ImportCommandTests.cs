using ReRanker.Core.Corpus;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Model;
using ReRanker.Trainer.Tests.Cli;
using static ReRanker.Trainer.Tests.Import.LogSegments;

namespace ReRanker.Trainer.Tests.Import;

/// <summary>reranker-train import: decisions joined to feedback by request id, labelled per outcome, written in the corpus format.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private static readonly Hypothesis Music = Hyp("music", "play_music", 0.7, ("song", "mary poppins"));
    private static readonly Hypothesis Video = Hyp("video", "play_video", 0.6, ("title", "mary poppins"));
    private static readonly Hypothesis Books = Hyp("books", "read", 0.3);

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Each_outcome_becomes_its_label_and_a_decision_without_feedback_is_no_record()
    {
        var correction = new GoldInterpretation("video", "play_video", [new Slot("title", "mary poppins")]);
        new LogSegments(_temp.Combine("a"))
            .Decision("acc", 0, Music, Video).Decision("cor", 1, Music, Video).Decision("reph", 2, Video, Music)
            .Decision("barge", 3, Books, Music).Decision("aband", 4, Music).Decision("silent", 5, Music)
            .Feedback("acc", 0, FeedbackOutcome.Accepted).Feedback("cor", 1, FeedbackOutcome.Corrected, correction)
            .Feedback("reph", 2, FeedbackOutcome.Rephrased).Feedback("barge", 3, FeedbackOutcome.BargeIn).Feedback("aband", 4, FeedbackOutcome.Abandoned)
            .Save();

        var (result, records) = await ImportAsync("--log", _temp.Combine("a"));

        result.ExitCode.Should().Be(0, result.All);
        records.Select(r => r.Id).Should().Equal("acc", "cor", "reph", "barge", "aband");
        records[0].Gold.Should().BeEquivalentTo(new GoldInterpretation("music", "play_music", [new Slot("song", Hashed("mary poppins"))]), "accepted: the served top");
        records[1].Gold.Should().BeEquivalentTo(new GoldInterpretation("video", "play_video", [new Slot("title", Hashed("mary poppins"))]), "corrected: the correction, hashed");
        records.Skip(2).Should().OnlyContain(r => r.Gold == null && r.KnownWrong == 0, "implicit negatives: the served top is known wrong");
        records.Select(r => r.Outcome).Should().Equal(FeedbackOutcome.Accepted, FeedbackOutcome.Corrected, FeedbackOutcome.Rephrased, FeedbackOutcome.BargeIn, FeedbackOutcome.Abandoned);
        records.Should().OnlyContain(r => r.Utterance == null && r.Hypotheses.All(h => h.Id == null));
        result.Out.Should().Contain("6 decisions, 5 feedback")
            .And.Contain("accepted 1, rephrased 1, barge-in 1, abandoned 1, corrected 1")
            .And.Contain("decisions without feedback (not training records): 1")
            .And.Contain("wrote 5 training records").And.Contain("2 with gold").And.Contain("3 with only the served top hypothesis known wrong");
    }

    [Fact]
    public async Task Folders_of_many_replicas_are_joined_and_a_segment_read_twice_counts_once()
    {
        new LogSegments(_temp.Combine("a"), replica: "pod-a").Decision("r1", 0, Music, Video).Decision("r2", 1, Video).Save();
        new LogSegments(_temp.Combine("b"), replica: "pod-b").Feedback("r1", 2, FeedbackOutcome.Accepted).Feedback("r2", 3, FeedbackOutcome.Abandoned).Feedback("r9", 3, FeedbackOutcome.Accepted).Save();
        var copy = Directory.CreateDirectory(_temp.Combine("copy")).FullName;
        foreach (var file in Directory.GetFiles(_temp.Combine("a")))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var (result, records) = await ImportAsync("--log", _temp.Combine("a"), "--log", _temp.Combine("b"), "--log", copy);

        result.ExitCode.Should().Be(0, result.All);
        records.Select(r => r.Id).Should().Equal("r1", "r2");
        result.Out.Should().Contain("read 3 segments in 3 folder(s): 2 decisions, 3 feedback; 2 duplicate records dropped")
            .And.Contain("unmatched feedback (no decision with its requestId): 1");
    }

    [Fact]
    public async Task The_latest_feedback_and_the_latest_decision_of_a_request_id_are_used()
    {
        new LogSegments(_temp.Combine("a"))
            .Decision("r1", 0, Music, Video).Decision("r1", 5, Video, Music)
            .Feedback("r1", 6, FeedbackOutcome.Rephrased).Feedback("r1", 7, FeedbackOutcome.Accepted)
            .Save();

        var (_, records) = await ImportAsync("--log", _temp.Combine("a"));

        records.Should().ContainSingle().Which.Gold!.Domain.Should().Be("video", "the retry (minute 5) served video first, and the user accepted at minute 7");
    }

    [Fact]
    public async Task A_torn_last_line_and_a_corrupt_line_are_skipped_and_counted_and_the_rest_is_imported()
    {
        var log = new LogSegments(_temp.Combine("a")).Decision("r1", 0, Music).Raw("{\"kind\":\"decision\"}\n").Feedback("r1", 1, FeedbackOutcome.Accepted);
        log.Save();
        log.Decision("r2", 2, Video).Feedback("r2", 3, FeedbackOutcome.Accepted).Raw("{\"kind\":\"feedback\",\"schema\":1,\"requ");
        log.Save(sequence: 1);

        var (result, records) = await ImportAsync("--log", _temp.Combine("a"));

        result.ExitCode.Should().Be(0, result.All);
        records.Select(r => r.Id).Should().Equal("r1", "r2");
        result.Out.Should().Contain("1 torn last lines and 1 invalid lines skipped").And.Contain("line 2: schema:");
    }

    [Fact]
    public async Task Since_and_until_select_decisions_by_their_time()
    {
        new LogSegments(_temp.Combine("a"))
            .Decision("early", 0, Music).Decision("inside", 10, Music).Decision("late", 20, Music)
            .Feedback("early", 30, FeedbackOutcome.Accepted).Feedback("inside", 30, FeedbackOutcome.Accepted).Feedback("late", 30, FeedbackOutcome.Accepted)
            .Save();

        var (result, records) = await ImportAsync("--log", _temp.Combine("a"), "--since", "2026-11-21T10:05:00Z", "--until", "2026-11-21T10:20:00Z");

        records.Select(r => r.Id).Should().Equal("inside");
        result.Out.Should().Contain("feedback for decisions outside --since/--until: 2");
    }

    [Fact]
    public async Task Failure_points_split_corrected_defects_into_re_ranking_and_upstream_per_domain()
    {
        var inList = new GoldInterpretation("video", "play_video", [new Slot("title", "mary poppins")]);
        var notInList = new GoldInterpretation("video", "play_video", [new Slot("title", "marry poppins")]);
        var served = new GoldInterpretation("music", "play_music", [new Slot("song", "mary poppins")]);
        new LogSegments(_temp.Combine("a"))
            .Decision("fixable", 0, Music, Video).Decision("upstream", 1, Music, Video).Decision("right", 2, Music, Video)
            .Feedback("fixable", 3, FeedbackOutcome.Corrected, inList).Feedback("upstream", 3, FeedbackOutcome.Corrected, notInList)
            .Feedback("right", 3, FeedbackOutcome.Corrected, served)
            .Save();

        var (result, _) = await ImportAsync("--log", _temp.Combine("a"));

        var row = result.Out.Split('\n').Single(l => l.TrimStart().StartsWith("video", StringComparison.Ordinal));
        row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().Equal("video", "2", "1", "1");
    }

    [Fact]
    public async Task A_correction_hashed_under_another_key_keeps_only_that_the_served_top_was_wrong()
    {
        new LogSegments(_temp.Combine("a")).Decision("r1", 0, Music, Video)
            .Feedback("r1", 1, FeedbackOutcome.Corrected, new GoldInterpretation("video", "play_video", []), underKey: "key2").Save();

        var (result, records) = await ImportAsync("--log", _temp.Combine("a"));

        records.Should().ContainSingle().Which.Should().Match<LabelledExample>(r => r.Gold == null && r.KnownWrong == 0);
        result.Out.Should().Contain("corrections hashed under another key than their decision (kept as served-wrong only): 1");
    }

    [Fact]
    public async Task Bad_input_is_one_line_and_exit_code_2()
    {
        (await CliRun.RunAsync("import", "--log", _temp.Combine("missing"), "--out", _temp.Combine("o.jsonl"))).Should().Match<CliResult>(r => r.ExitCode == 2 && r.Error.Contains("is not a folder"));
        Directory.CreateDirectory(_temp.Combine("a"));
        (await CliRun.RunAsync("import", "--log", _temp.Combine("a"), "--out", _temp.Combine("o.jsonl"), "--since", "soon")).Error.Should().Contain("--since 'soon'");
        (await CliRun.RunAsync("import", "--log", _temp.Combine("a"), "--out", _temp.Combine("no", "o.jsonl"))).ExitCode.Should().Be(2);
    }

    [Fact]
    public async Task An_imported_file_trains_and_is_refused_for_measuring()
    {
        var log = new LogSegments(_temp.Combine("a"));
        for (var i = 0; i < 40; i++)
        {
            log.Decision($"a{i}", i, Music, Video, Books).Feedback($"a{i}", i, i % 3 == 0 ? FeedbackOutcome.Accepted : FeedbackOutcome.BargeIn);
        }

        log.Save();
        var (_, records) = await ImportAsync("--log", _temp.Combine("a"));
        records.Should().HaveCount(40);

        var train = await CliRun.TrainAsync(_temp.Combine("imported.jsonl"), _temp.Combine("registry"), "--all");
        var evaluate = await CliRun.RunAsync("evaluate", "--data", _temp.Combine("imported.jsonl"), "--registry", _temp.Combine("registry"));

        train.ExitCode.Should().Be(0, train.All);
        Directory.GetFiles(_temp.Combine("registry"), "*.json", SearchOption.AllDirectories).Should().HaveCount(3);
        evaluate.ExitCode.Should().Be(2);
        evaluate.Error.Should().Contain("has no gold");
    }

    private async Task<(CliResult Result, List<LabelledExample> Records)> ImportAsync(params string[] args)
    {
        var output = _temp.Combine("imported.jsonl");
        var result = await CliRun.RunAsync(["import", .. args, "--out", output]);
        var records = File.Exists(output) ? File.ReadAllLines(output).Select((l, i) => CorpusReader.ParseLine(l, i + 1)).ToList() : [];
        return (result, records);
    }
}
