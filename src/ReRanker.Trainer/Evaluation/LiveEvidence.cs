using System.Text.Json;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Metrics;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;
using ReRanker.Trainer.Import;

namespace ReRanker.Trainer.Evaluation;

/// <summary>
/// The gate's live evidence (<c>gate --log</c>, docs/trainer.md): logged requests with feedback that involve the
/// candidate's domain, ranked with the served weights and with the candidate in their domain's place (every other
/// domain as served), counted where the label decides. Informational: it does not change the gate's verdict.
/// </summary>
internal sealed class LiveEvidence
{
    /// <summary>Logged requests with feedback that involve the domain.</summary>
    public int Requests { get; private set; }

    /// <summary>Corrected: the candidate puts the correction first and the served weights do not.</summary>
    public int CorrectedFixed { get; private set; }

    /// <summary>Corrected: the served weights put the correction first and the candidate does not.</summary>
    public int CorrectedBroken { get; private set; }

    public int CorrectedBothRight { get; private set; }

    public int CorrectedBothWrong { get; private set; }

    /// <summary>Accepted: the candidate puts another interpretation first than the one the user accepted.</summary>
    public int AcceptedChanged { get; private set; }

    public int AcceptedKept { get; private set; }

    /// <summary>Rephrased, barge-in, abandoned (or a correction hashed under another key): the candidate moves away from the top-1 the user rejected.</summary>
    public int ComplaintMoved { get; private set; }

    public int ComplaintKept { get; private set; }

    public static async Task<LiveEvidence> GatherAsync(IReadOnlyList<string> logFolders, WeightSet served, WeightFile candidate, CancellationToken cancellationToken)
    {
        var (examples, _) = await TrafficImport.RunAsync(logFolders, new ImportWindow(null, null), cancellationToken).ConfigureAwait(false);
        var withCandidate = served.With(new DomainWeights(candidate));
        var evidence = new LiveEvidence();
        foreach (var example in examples.Where(e => CorpusEvaluation.Involves(e, candidate.Domain)))
        {
            evidence.Count(example, Top(example, served), Top(example, withCandidate));
        }

        return evidence;
    }

    /// <summary>The lines the gate prints under its verdict.</summary>
    public IEnumerable<string> Lines(string domain)
    {
        yield return $"live evidence for {domain}: {Requests} logged requests with feedback";
        yield return $"  corrected: candidate fixes {CorrectedFixed}, breaks {CorrectedBroken} (both right {CorrectedBothRight}, both wrong {CorrectedBothWrong})";
        yield return $"  accepted: candidate changes the accepted top-1 in {AcceptedChanged}, keeps it in {AcceptedKept}";
        yield return $"  complaints (rephrased, barge-in, abandoned): candidate moves away from the rejected top-1 in {ComplaintMoved}, keeps it in {ComplaintKept}";
    }

    public string ToJson(string domain, int candidateVersion) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["domain"] = domain,
        ["candidateVersion"] = candidateVersion,
        ["requests"] = Requests,
        ["corrected"] = new Dictionary<string, int> { ["fixed"] = CorrectedFixed, ["broken"] = CorrectedBroken, ["bothRight"] = CorrectedBothRight, ["bothWrong"] = CorrectedBothWrong },
        ["accepted"] = new Dictionary<string, int> { ["changed"] = AcceptedChanged, ["kept"] = AcceptedKept },
        ["complaints"] = new Dictionary<string, int> { ["moved"] = ComplaintMoved, ["kept"] = ComplaintKept },
    }, new JsonSerializerOptions { WriteIndented = true });

    private static int? Top(LabelledExample example, WeightSet weights)
    {
        var ranked = Reranker.Rank(example.Hypotheses, example.Context, weights);
        return ranked.Length > 0 ? ranked[0].Index : null;
    }

    private static bool Exact(LabelledExample example, int? index) =>
        index is { } i && SemanticError.Compute(example.Hypotheses[i], example.Gold!).IsExact;

    private void Count(LabelledExample example, int? servedTop, int? candidateTop)
    {
        Requests++;
        switch (example.Outcome)
        {
            case FeedbackOutcome.Corrected when example.Gold is not null:
                var (servedRight, candidateRight) = (Exact(example, servedTop), Exact(example, candidateTop));
                CorrectedFixed += candidateRight && !servedRight ? 1 : 0;
                CorrectedBroken += servedRight && !candidateRight ? 1 : 0;
                CorrectedBothRight += servedRight && candidateRight ? 1 : 0;
                CorrectedBothWrong += !servedRight && !candidateRight ? 1 : 0;
                break;
            case FeedbackOutcome.Accepted:
                // The gold of an accepted request is the top-1 the user was served and accepted.
                if (Exact(example, candidateTop))
                {
                    AcceptedKept++;
                }
                else
                {
                    AcceptedChanged++;
                }

                break;
            default:
                // The top-1 the user rejected (KnownWrong), as logged.
                if (candidateTop != example.KnownWrong)
                {
                    ComplaintMoved++;
                }
                else
                {
                    ComplaintKept++;
                }

                break;
        }
    }
}

/// <summary>Gathers the live evidence and prints it (and writes its JSON when asked): the gate's one call.</summary>
internal static class LiveEvidenceReport
{
    public static async Task WriteAsync(
        Cli.CliContext cli, IReadOnlyList<string> folders, WeightSet served, WeightFile candidate, string? jsonPath, CancellationToken cancellationToken)
    {
        var evidence = await LiveEvidence.GatherAsync(folders, served, candidate, cancellationToken).ConfigureAwait(false);
        foreach (var line in evidence.Lines(candidate.Domain))
        {
            await cli.Out.WriteLineAsync(line).ConfigureAwait(false);
        }

        if (jsonPath is not null)
        {
            await File.WriteAllTextAsync(jsonPath, evidence.ToJson(candidate.Domain, candidate.Version), cancellationToken).ConfigureAwait(false);
        }
    }
}
