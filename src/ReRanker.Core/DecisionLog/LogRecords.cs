using ReRanker.Core.Model;
using ReRanker.Core.Scoring;

namespace ReRanker.Core.DecisionLog;

/// <summary>
/// One line of a decision-log segment. <see cref="KeyId"/> names the key that hashed its slot values: values
/// hashed under different keys cannot be compared (docs/privacy.md).
/// </summary>
public abstract record LogRecord(string RequestId, DateTimeOffset Time, string Replica, string KeyId);

/// <summary>
/// What one /v1/rerank request (or batch item) was served, with everything needed to re-score it under any
/// future feature set. Slot values are keyed hashes; hypothesis ids are not kept.
/// </summary>
/// <param name="Versions">Per domain of the request, the weights version that scored it; null where the unweighted policy did.</param>
/// <param name="Ranking">Indexes into <paramref name="Hypotheses"/>, best first, as served (hypotheses left out by the Reject policy are absent).</param>
public sealed record LoggedDecision(
    string RequestId,
    DateTimeOffset Time,
    string Replica,
    string KeyId,
    UnweightedDomainPolicy Policy,
    IReadOnlyDictionary<string, int?> Versions,
    RequestContext Context,
    IReadOnlyList<Hypothesis> Hypotheses,
    IReadOnlyList<int> Ranking) : LogRecord(RequestId, Time, Replica, KeyId)
{
    /// <summary>Index of the hypothesis served first; null when nothing was served (every hypothesis rejected).</summary>
    public int? ServedTop => Ranking.Count > 0 ? Ranking[0] : null;

    /// <summary>The request ranked with each candidate in place of its domain's served version, as logged (usually none).</summary>
    public IReadOnlyList<LoggedShadow> Shadows { get; init; } = [];
}

/// <summary>A logged shadow ranking: <paramref name="Ranking"/> had candidate <paramref name="Version"/> of <paramref name="Domain"/> been served.</summary>
public sealed record LoggedShadow(string Domain, int Version, IReadOnlyList<int> Ranking);

/// <summary>A user's reaction to a decision, joined to it by request id. <paramref name="Correction"/> only with <see cref="FeedbackOutcome.Corrected"/>.</summary>
public sealed record LoggedFeedback(
    string RequestId,
    DateTimeOffset Time,
    string Replica,
    string KeyId,
    FeedbackOutcome Outcome,
    GoldInterpretation? Correction) : LogRecord(RequestId, Time, Replica, KeyId);

/// <summary>The fields every record starts with.</summary>
public readonly record struct LogRecordHeader(string RequestId, DateTimeOffset Time, string Replica, string KeyId);
