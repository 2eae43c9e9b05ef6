using ReRanker.Core.Model;

namespace ReRanker.Core.Tests.Support;

/// <summary>
/// Seeded random n-best lists. Scores come from a coarse grid so that ties are frequent, and
/// hypotheses of a domain are interleaved with others, the cases where shortcuts go wrong.
/// </summary>
internal static class RandomLists
{
    private static readonly double[] Grid = [0, 0.1, 0.25, 0.5, 0.5, 0.75, 0.9, 1];

    public static Hypothesis[] Make(Random random, int count, int domains)
    {
        var domainScore = Enumerable.Range(0, domains).Select(_ => Pick(random)).ToArray();
        return Enumerable.Range(0, count).Select(_ =>
        {
            var d = random.Next(domains);
            var slots = Enumerable.Range(0, random.Next(3))
                .Select(s => new Slot($"slot{s}", "v", random.Next(2) == 0 ? null : Pick(random)))
                .ToArray();
            return new Hypothesis($"d{d}", $"i{random.Next(3)}", slots, domainScore[d], Pick(random), Pick(random));
        }).ToArray();
    }

    private static double Pick(Random random) => Grid[random.Next(Grid.Length)];
}
