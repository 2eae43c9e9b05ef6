using System.Text.Json;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Model;
using ReRanker.Core.Weights;
using ReRanker.Trainer.Tests.Import;

namespace ReRanker.Trainer.Tests.Cli;

/// <summary><c>gate --log</c>: logged requests with feedback, served vs candidate ranking where the label decides.</summary>
public sealed class GateLiveEvidenceTests
{
    [Fact]
    public async Task Live_evidence_counts_where_the_label_decides_printed_and_as_json()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 200);
        var registry = temp.Combine("registry");
        Directory.CreateDirectory(Path.Combine(registry, "music"));
        File.WriteAllBytes(Path.Combine(registry, "music", "1.json"), WeightFileSerializer.Write(Music(1, domainWeight: 1)));
        var candidate = temp.Combine("candidate.json");
        File.WriteAllBytes(candidate, WeightFileSerializer.Write(Music(2, domainWeight: -1))); // prefers the less confident hypothesis

        var play = LogSegments.Hyp("music", "play", 0.9);
        var stop = LogSegments.Hyp("music", "stop", 0.3);
        new LogSegments(temp.Combine("log"))
            .Decision("fixed", 0, play, stop).Feedback("fixed", 1, FeedbackOutcome.Corrected, new GoldInterpretation("music", "stop", []))
            .Decision("broken", 2, play, stop).Feedback("broken", 3, FeedbackOutcome.Corrected, new GoldInterpretation("music", "play", []))
            .Decision("accepted", 4, play, stop).Feedback("accepted", 5, FeedbackOutcome.Accepted)
            .Decision("rephrased", 6, play, stop).Feedback("rephrased", 7, FeedbackOutcome.Rephrased)
            .Decision("no-feedback", 8, play, stop)
            .Decision("other-domain", 9, LogSegments.Hyp("weather", "query", 0.8)).Feedback("other-domain", 10, FeedbackOutcome.Abandoned)
            .Save();
        var json = temp.Combine("evidence.json");

        var result = await CliRun.RunAsync(
            "gate", "--data", data, "--candidate", candidate, "--registry", registry, "--log", temp.Combine("log"), "--evidence-json", json);

        result.Out.Should().Contain("live evidence for music: 4 logged requests with feedback");
        result.Out.Should().Contain("corrected: candidate fixes 1, breaks 1 (both right 0, both wrong 0)");
        result.Out.Should().Contain("accepted: candidate changes the accepted top-1 in 1, keeps it in 0");
        result.Out.Should().Contain("moves away from the rejected top-1 in 1, keeps it in 0");
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        report.RootElement.GetProperty("requests").GetInt32().Should().Be(4);
        report.RootElement.GetProperty("candidateVersion").GetInt32().Should().Be(2);
        report.RootElement.GetProperty("corrected").GetProperty("fixed").GetInt32().Should().Be(1);
        report.RootElement.GetProperty("corrected").GetProperty("broken").GetInt32().Should().Be(1);
        report.RootElement.GetProperty("accepted").GetProperty("changed").GetInt32().Should().Be(1);
        report.RootElement.GetProperty("complaints").GetProperty("moved").GetInt32().Should().Be(1);
    }

    private static WeightFile Music(int version, double domainWeight) => new(
        WeightFile.CurrentSchemaVersion, "music", version, 0,
        new Dictionary<string, double> { ["logit.domainScore"] = domainWeight },
        new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
        new TrainingInfo("handmade", 0, null, new string('0', 64), 0, 0, 0, new Dictionary<string, double>()));
}
