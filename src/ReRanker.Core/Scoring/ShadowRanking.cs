namespace ReRanker.Core.Scoring;

/// <summary>
/// One request ranked with a domain's candidate in place of its served weights (every other domain as served), from
/// the same snapshot and the same feature rows as the served ranking (<see cref="Reranker.RankWithShadows"/>).
/// </summary>
/// <param name="Domain">The domain whose candidate ranked it.</param>
/// <param name="CandidateVersion">The candidate's version.</param>
/// <param name="Ranking">Input indexes, best first, as the candidate would have served them (the Reject policy applies as served).</param>
/// <param name="ServedTop">The served ranking's first index; null when nothing was served.</param>
/// <param name="ServedTopProbability">The probability the served ranking reported for <paramref name="ServedTop"/>.</param>
/// <param name="ServedTopCandidateProbability">
/// The probability the candidate ranking reports for the same hypothesis (equal to the served one unless that
/// hypothesis is of <paramref name="Domain"/>).
/// </param>
public sealed record ShadowRanking(
    string Domain,
    int CandidateVersion,
    int[] Ranking,
    int? ServedTop,
    double ServedTopProbability,
    double ServedTopCandidateProbability)
{
    /// <summary>The candidate's first index; null when it would have served nothing.</summary>
    public int? CandidateTop => Ranking.Length > 0 ? Ranking[0] : null;

    /// <summary>True when the candidate would have served another hypothesis first (or something where nothing was, or the reverse).</summary>
    public bool TopChanged => CandidateTop != ServedTop;

    /// <summary>|candidate − served| probability of the served top-1 hypothesis; 0 when nothing was served.</summary>
    public double ProbabilityChange => ServedTop is null ? 0 : Math.Abs(ServedTopCandidateProbability - ServedTopProbability);
}
