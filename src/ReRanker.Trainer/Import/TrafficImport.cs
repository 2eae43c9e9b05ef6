using ReRanker.Core.DecisionLog;
using ReRanker.Core.Metrics;
using ReRanker.Core.Model;

namespace ReRanker.Trainer.Import;

/// <summary>The decisions whose time falls in [Since, Until) are imported; either bound may be open.</summary>
internal sealed record ImportWindow(DateTimeOffset? Since, DateTimeOffset? Until)
{
    public bool Contains(DateTimeOffset time) => (Since is not { } since || time >= since) && (Until is not { } until || time < until);
}

/// <summary>Per gold domain, of the corrections whose served top hypothesis was wrong: could re-ranking have fixed it?</summary>
internal sealed class FailurePoints
{
    /// <summary>Corrections whose served top hypothesis was not exactly the correction.</summary>
    public int Defects { get; set; }

    /// <summary>Of those, the right interpretation was in the n-best list: a re-ranking defect, which retraining can fix.</summary>
    public int Reranking { get; set; }

    /// <summary>Of those, it was not: an upstream (domain, intent or slot model) defect, which re-ranking cannot fix.</summary>
    public int Upstream => Defects - Reranking;
}

/// <summary>Everything the import counted, for the report.</summary>
internal sealed class ImportTally
{
    public ReadTally Read { get; } = new();

    public long Decisions { get; set; }

    public long Feedback { get; set; }

    public long DuplicateRecords { get; set; }

    /// <summary>Decisions replaced by a later one with the same request id (a retried request); the latest is used.</summary>
    public long SupersededDecisions { get; set; }

    /// <summary>Feedback replaced by a later one for the same request id; the latest is used.</summary>
    public long SupersededFeedback { get; set; }

    public long DecisionsOutsideWindow { get; set; }

    public long DecisionsWithoutFeedback { get; set; }

    /// <summary>Feedback whose request id matches no decision read.</summary>
    public long UnmatchedFeedback { get; set; }

    /// <summary>Feedback whose decision lies outside --since/--until.</summary>
    public long FeedbackOutsideWindow { get; set; }

    /// <summary>Decisions with feedback but nothing served (every hypothesis rejected): nothing to learn.</summary>
    public long NothingServed { get; set; }

    /// <summary>Corrections hashed under another key than their decision: values cannot be compared, so only "served top wrong" is kept.</summary>
    public long CorrectionsUnderAnotherKey { get; set; }

    /// <summary>Feedback records read (duplicates dropped), per outcome.</summary>
    public long[] ByOutcome { get; } = new long[FeedbackOutcomes.Names.Count];

    /// <summary>Decisions joined to their (latest) feedback.</summary>
    public long Joined { get; set; }

    public long WithGold { get; set; }

    public long KnownWrongOnly { get; set; }

    public SortedDictionary<string, FailurePoints> FailurePoints { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Turns decision-log folders into training records: drops duplicate records (the same record read twice, e.g. a
/// segment collected into two folders), joins each decision to its feedback by request id, and labels it
/// (docs/trainer.md): corrected → gold is the correction; accepted → gold is the served top hypothesis (a weak
/// label); rephrased, barge-in, abandoned → the served top hypothesis is known wrong and there is no gold; no
/// feedback → not a training record. Two passes over the segments (feedback first), so only decisions that have
/// feedback are held in memory.
/// </summary>
internal static class TrafficImport
{
    public static async Task<(IReadOnlyList<LabelledExample> Examples, ImportTally Tally)> RunAsync(
        IReadOnlyList<string> folders, ImportWindow window, CancellationToken cancellationToken)
    {
        var segments = LogFolders.Segments(folders);
        var tally = new ImportTally();
        tally.Read.Folders = folders.Count;
        tally.Read.Segments = segments.Count;

        var feedback = new Dictionary<string, LoggedFeedback>(StringComparer.Ordinal);
        var seen = new HashSet<(string Kind, string RequestId, long Ticks, string Replica)>();
        await foreach (var record in LogFolders.ReadAsync(segments, tally.Read, cancellationToken).ConfigureAwait(false))
        {
            if (record is not LoggedFeedback f)
            {
                continue;
            }

            if (!seen.Add((DecisionLogFormat.FeedbackKind, f.RequestId, f.Time.UtcTicks, f.Replica)))
            {
                tally.DuplicateRecords++;
                continue;
            }

            tally.Feedback++;
            tally.ByOutcome[(int)f.Outcome]++;
            if (feedback.TryGetValue(f.RequestId, out var earlier))
            {
                tally.SupersededFeedback++;
                if (earlier.Time > f.Time)
                {
                    continue;
                }
            }

            feedback[f.RequestId] = f;
        }

        var decisions = new Dictionary<string, LoggedDecision>(StringComparer.Ordinal);
        var outside = new HashSet<string>(StringComparer.Ordinal);
        seen.Clear();
        await foreach (var record in LogFolders.ReadAsync(segments, null, cancellationToken).ConfigureAwait(false))
        {
            if (record is not LoggedDecision d)
            {
                continue;
            }

            if (!seen.Add((DecisionLogFormat.DecisionKind, d.RequestId, d.Time.UtcTicks, d.Replica)))
            {
                tally.DuplicateRecords++;
                continue;
            }

            tally.Decisions++;
            if (!window.Contains(d.Time))
            {
                tally.DecisionsOutsideWindow++;
                outside.Add(d.RequestId);
                continue;
            }

            if (!feedback.ContainsKey(d.RequestId))
            {
                tally.DecisionsWithoutFeedback++;
                continue;
            }

            if (decisions.TryGetValue(d.RequestId, out var earlier))
            {
                tally.SupersededDecisions++;
                if (earlier.Time > d.Time)
                {
                    continue;
                }
            }

            decisions[d.RequestId] = d;
        }

        foreach (var id in feedback.Keys.Where(id => !decisions.ContainsKey(id)))
        {
            if (outside.Contains(id))
            {
                tally.FeedbackOutsideWindow++;
            }
            else
            {
                tally.UnmatchedFeedback++;
            }
        }

        var examples = new List<LabelledExample>(decisions.Count);
        foreach (var decision in decisions.Values.OrderBy(d => d.Time).ThenBy(d => d.RequestId, StringComparer.Ordinal))
        {
            if (Label(decision, feedback[decision.RequestId], tally) is { } example)
            {
                examples.Add(example);
            }
        }

        return (examples, tally);
    }

    private static LabelledExample? Label(LoggedDecision decision, LoggedFeedback feedback, ImportTally tally)
    {
        tally.Joined++;
        if (decision.ServedTop is not { } top)
        {
            tally.NothingServed++;
            return null;
        }

        var served = decision.Hypotheses[top];
        GoldInterpretation? gold = null;
        switch (feedback.Outcome)
        {
            case FeedbackOutcome.Accepted:
                gold = new GoldInterpretation(served.Domain, served.Intent, [.. served.Slots.Select(s => new Slot(s.Name, s.Value))]);
                break;
            case FeedbackOutcome.Corrected when feedback.KeyId != decision.KeyId:
                // Values hashed under two keys never compare equal: keep only what is certain, that the top was wrong.
                tally.CorrectionsUnderAnotherKey++;
                break;
            case FeedbackOutcome.Corrected:
                gold = feedback.Correction;
                CountFailurePoint(decision, served, gold!, tally);
                break;
        }

        if (gold is not null)
        {
            tally.WithGold++;
        }
        else
        {
            tally.KnownWrongOnly++;
        }

        // Hypothesis ids are not logged, so the records carry none.
        return new LabelledExample(decision.RequestId, null, decision.Context, gold, decision.Hypotheses)
        {
            KnownWrong = gold is null ? top : null,
            Outcome = feedback.Outcome,
        };
    }

    private static void CountFailurePoint(LoggedDecision decision, Hypothesis served, GoldInterpretation gold, ImportTally tally)
    {
        if (SemanticError.Compute(served, gold).IsExact)
        {
            return;
        }

        if (!tally.FailurePoints.TryGetValue(gold.Domain, out var points))
        {
            tally.FailurePoints[gold.Domain] = points = new FailurePoints();
        }

        points.Defects++;
        if (decision.Hypotheses.Any(h => SemanticError.Compute(h, gold).IsExact))
        {
            points.Reranking++;
        }
    }
}
