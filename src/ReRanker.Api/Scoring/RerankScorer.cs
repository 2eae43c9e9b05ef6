using ReRanker.Api.Contracts;
using ReRanker.Api.Validation;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;

namespace ReRanker.Api.Scoring;

/// <summary>Ranks one validated request against one registry snapshot and shapes the response.</summary>
public static class RerankScorer
{
    /// <summary>Ranks the request; the result references the input instead of copying it (see <see cref="Ranking"/>).</summary>
    public static Ranking Rank(ValidatedRerank request, WeightSet snapshot, UnweightedDomainPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(snapshot);
        var hypotheses = request.Hypotheses;
        var ranked = Reranker.RankWithShadows(hypotheses, request.Context, snapshot, policy, out var shadows);
        var count = Math.Min(ranked.Length, request.TopK ?? int.MaxValue);
        IReadOnlyList<FeatureContribution>[]? contributions = null;
        if (request.Explain)
        {
            contributions = new IReadOnlyList<FeatureContribution>[count];
            for (var r = 0; r < count; r++)
            {
                contributions[r] = Reranker.Explain(hypotheses, ranked[r].Index, request.Context, snapshot);
            }
        }

        var rejected = Rejected(ranked, hypotheses.Count);
        return new Ranking(
            request.RequestId ?? Guid.NewGuid().ToString("N"), hypotheses, ranked, count, contributions, rejected,
            UnweightedDomains(hypotheses, ranked, rejected))
        {
            Shadows = shadows,
        };
    }

    /// <summary>The contract's object form of a ranking (the batch endpoint serialises these): what <see cref="RankingJsonWriter"/> writes, as records.</summary>
    public static RerankResponse ToResponse(Ranking ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        var results = new RankedHypothesis[ranking.Count];
        for (var r = 0; r < results.Length; r++)
        {
            var scored = ranking.Ranked[r];
            var h = ranking.Hypotheses[scored.Index];
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
                ScoredBy: Ranking.ScoredByName(scored.Method),
                Contributions: ranking.Contributions?[r].Select(c => new ContributionOutput(c.Feature, c.Value, c.Weight, c.Contribution)).ToArray());
        }

        return new RerankResponse(ranking.RequestId, results, ranking.Rejected, ranking.UnweightedDomains);
    }

    /// <summary>
    /// The domains scored without weights or rejected for lacking them, distinct and in ordinal order; every
    /// hypothesis counts, including those cut by topK. Usually none, and then nothing is allocated.
    /// </summary>
    private static string[] UnweightedDomains(IReadOnlyList<Hypothesis> hypotheses, ScoredHypothesis[] ranked, int[] rejected)
    {
        List<string>? names = null;
        foreach (var scored in ranked)
        {
            if (scored.Method == ScoringMethod.Unweighted)
            {
                AddDistinct(ref names, hypotheses[scored.Index].Domain);
            }
        }

        foreach (var index in rejected)
        {
            AddDistinct(ref names, hypotheses[index].Domain);
        }

        if (names is null)
        {
            return [];
        }

        names.Sort(StringComparer.Ordinal);
        return names.ToArray();
    }

    private static void AddDistinct(ref List<string>? names, string domain)
    {
        names ??= [];
        if (!names.Contains(domain, StringComparer.Ordinal))
        {
            names.Add(domain);
        }
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
