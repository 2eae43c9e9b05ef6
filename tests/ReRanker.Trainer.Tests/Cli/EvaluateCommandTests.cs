using System.Text.Json;
using ReRanker.Tests.Shared;

namespace ReRanker.Trainer.Tests.Cli;

/// <summary>evaluate's JSON is a contract for scripts and CI; its plot is for people.</summary>
public sealed class EvaluateCommandTests
{
    private static readonly string[] MetricKeys = ["semer", "irer", "domainError", "eceAll", "eceTop1", "perDomain"];

    [Fact]
    public async Task Json_format_has_weights_and_baseline_with_every_metric()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 60);

        var result = await CliRun.RunAsync("evaluate", "--data", data, "--registry", RepoPaths.BuiltInRegistry, "--format", "json");

        result.ExitCode.Should().Be(0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        foreach (var ranker in new[] { "weights", "baseline" })
        {
            var section = json.RootElement.GetProperty(ranker);
            foreach (var key in MetricKeys)
            {
                section.TryGetProperty(key, out _).Should().BeTrue($"{ranker}.{key} is part of the contract");
            }

            section.GetProperty("perDomain").EnumerateObject().Should().NotBeEmpty();
            section.GetProperty("perDomain").EnumerateObject().First().Value.TryGetProperty("semer", out _).Should().BeTrue();
        }

        json.RootElement.GetProperty("registry").EnumerateObject().Should().HaveCount(18);
    }

    [Fact]
    public async Task Empty_registry_scores_every_domain_by_the_default_policy()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 60);
        Directory.CreateDirectory(temp.Combine("registry"));

        var result = await CliRun.RunAsync("evaluate", "--data", data, "--registry", temp.Combine("registry"), "--format", "json");

        result.ExitCode.Should().Be(0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var weights = json.RootElement.GetProperty("weights");
        var baseline = json.RootElement.GetProperty("baseline");
        foreach (var key in MetricKeys[..5])
        {
            // With no weights at all, "weights" is the default policy, i.e. exactly the baseline.
            weights.GetProperty(key).GetDouble().Should().Be(baseline.GetProperty(key).GetDouble(), key);
        }

        json.RootElement.GetProperty("registry").EnumerateObject().Should().BeEmpty();
    }

    [Fact]
    public async Task Json_gives_each_domain_ml_net_auc_and_log_loss_matching_a_hand_computation()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 200);

        var result = await CliRun.RunAsync("evaluate", "--data", data, "--registry", RepoPaths.BuiltInRegistry, "--format", "json");

        result.ExitCode.Should().Be(0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var calendar = json.RootElement.GetProperty("weights").GetProperty("perDomain").GetProperty("calendar");
        var (auc, logLoss) = HandAucAndLogLoss(TestCorpus.Examples(200), "calendar");
        calendar.GetProperty("auc").GetDouble().Should().BeApproximately(auc, 1e-6);
        calendar.GetProperty("logLoss").GetDouble().Should().BeApproximately(logLoss, 1e-5);
    }

    /// <summary>AUC as the Mann–Whitney statistic (ties count half) and log-loss in bits, over the domain's own hypotheses.</summary>
    private static (double Auc, double LogLoss) HandAucAndLogLoss(IReadOnlyList<ReRanker.Core.Model.LabelledExample> examples, string domain)
    {
        var weights = ReRanker.Registry.RegistryFolder.ScanAsync(RepoPaths.BuiltInRegistry).GetAwaiter().GetResult().Weights;
        var rows = examples.SelectMany(e => ReRanker.Core.Scoring.Reranker.Rank(e.Hypotheses, e.Context, weights)
                .Where(s => e.Hypotheses[s.Index].Domain == domain)
                .Select(s => (P: (double)(float)s.Probability, Y: ReRanker.Core.Metrics.SemanticError.Compute(e.Hypotheses[s.Index], e.Gold!).IsExact)))
            .ToArray();
        var positives = rows.Where(r => r.Y).Select(r => r.P).ToArray();
        var negatives = rows.Where(r => !r.Y).Select(r => r.P).ToArray();
        var wins = positives.Sum(p => negatives.Sum(n => p > n ? 1.0 : p == n ? 0.5 : 0));
        var logLoss = rows.Average(r => -Math.Log2(Math.Max(r.Y ? r.P : 1 - r.P, 1e-15)));
        return (wins / (positives.Length * (double)negatives.Length), logLoss);
    }

    [Fact]
    public async Task Table_format_prints_overall_and_per_domain_rows()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 60);

        var result = await CliRun.RunAsync("evaluate", "--data", data, "--registry", RepoPaths.BuiltInRegistry);

        result.ExitCode.Should().Be(0, result.Error);
        result.Out.Should().Contain("overall").And.Contain("calendar").And.Contain("SemER").And.Contain("baseline").And.Contain("AUC").And.Contain("log-loss");
    }

    [Fact]
    public async Task Plot_writes_an_svg_with_both_curves_the_diagonal_and_a_legend()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 60);
        var plot = temp.Combine("reliability.svg");

        var result = await CliRun.RunAsync("evaluate", "--data", data, "--registry", RepoPaths.BuiltInRegistry, "--plot", plot);

        result.ExitCode.Should().Be(0, result.Error);
        var svg = File.ReadAllText(plot);
        svg.Should().StartWith("<svg").And.Contain("unweighted baseline").And.Contain("perfectly calibrated");
        System.Text.RegularExpressions.Regex.Matches(svg, "<polyline").Should().HaveCount(2);
        System.Xml.Linq.XDocument.Parse(svg).Root!.Name.LocalName.Should().Be("svg", "the file must be well-formed XML");
    }

    [Fact]
    public async Task Missing_registry_folder_is_an_error()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 10);

        var result = await CliRun.RunAsync("evaluate", "--data", data, "--registry", temp.Combine("nowhere"));

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("nowhere").And.Contain("does not exist");
    }
}
