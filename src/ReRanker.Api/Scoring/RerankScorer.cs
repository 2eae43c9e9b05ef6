using ReRanker.Api.Contracts;
using ReRanker.Api.Validation;
using ReRanker.Core.Scoring;

namespace ReRanker.Api.Scoring;

/// <summary>Ranks one validated request against one registry snapshot and shapes the response.</summary>
public static class RerankScorer
{
    public static RerankResponse Score(ValidatedRerank request, WeightSet snapshot, UnweightedDomainPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(snapshot);
        var hypotheses = request.Hypotheses;
        var ranked = Reranker.Rank(hypotheses, request.Context, snapshot, policy);
        var take = Math.Min(ranked.Length, request.TopK ?? int.MaxValue);
        var results = new RankedHypothesis[take];
        for (var r = 0; r < take; r++)
        {
            var scored = ranked[r];
            var h = hypotheses[scored.Index];
            var contributions = request.Explain
                ? Reranker.Explain(hypotheses, scored.Index, request.Context, snapshot)
                    .Select(c => new ContributionOutput(c.Feature, c.Value, c.Weight, c.Contribution)).ToArray()
                : null;
            results[r] = new RankedHypothesis(
                Rank: r + 1,
                Index: scored.Index,
                Id: h.Id,
                Domain: h.Domain,
                Intent: h.Intent,
                Slots: h.Slots.Select(s => new SlotOutput(s.Name, s.Value, s.Confidence)).ToArray(),
                DomainScore: h.DomainScore,
                IntentScore: h.IntentScore,
                SlotScore: h.SlotScore,
                Probability: scored.Probability,
                Score: scored.Score,
                WeightsVersion: scored.WeightsVersion,
                ScoredBy: scored.Method == ScoringMethod.Weights ? "weights" : "unweighted",
                Contributions: contributions);
        }

        return new RerankResponse(request.RequestId ?? Guid.NewGuid().ToString("N"), results, Rejected(ranked, hypotheses.Count));
    }

    /// <summary>Input indexes missing from the ranking (only under the Reject policy), ascending.</summary>
    private static int[] Rejected(ScoredHypothesis[] ranked, int count)
    {
        if (ranked.Length == count)
        {
            return [];
        }

        var seen = new bool[count];
        foreach (var scored in ranked)
        {
            seen[scored.Index] = true;
        }

        return Enumerable.Range(0, count).Where(i => !seen[i]).ToArray();
    }
}
