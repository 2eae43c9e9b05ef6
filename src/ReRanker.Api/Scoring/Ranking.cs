using ReRanker.Core.Model;
using ReRanker.Core.Scoring;

namespace ReRanker.Api.Scoring;

/// <summary>
/// One request's ranking as Core produced it, before it is written out: the validated hypotheses and Core's
/// scores, referenced rather than copied into response objects (the response writer reads them directly).
/// </summary>
/// <param name="RequestId">The request's requestId, or a generated one.</param>
/// <param name="Hypotheses">The validated input, in request order; <see cref="ScoredHypothesis.Index"/> points into it.</param>
/// <param name="Ranked">Best first; only the first <paramref name="Count"/> are returned (topK).</param>
/// <param name="Contributions">Per returned result, when explain was asked; otherwise null.</param>
/// <param name="Rejected">Input indexes left out under the Reject policy, ascending.</param>
/// <param name="UnweightedDomains">The request's domains that have no served weights, distinct, in ordinal order.</param>
public sealed record Ranking(
    string RequestId,
    IReadOnlyList<Hypothesis> Hypotheses,
    ScoredHypothesis[] Ranked,
    int Count,
    IReadOnlyList<FeatureContribution>[]? Contributions,
    int[] Rejected,
    string[] UnweightedDomains)
{
    /// <summary>The request ranked with each of its domains' candidates (never written to the response); usually empty.</summary>
    public ShadowRanking[] Shadows { get; init; } = [];

    /// <summary>The wire name of how a hypothesis was scored.</summary>
    public static string ScoredByName(ScoringMethod method) => method == ScoringMethod.Weights ? "weights" : "unweighted";
}
