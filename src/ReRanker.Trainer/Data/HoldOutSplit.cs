namespace ReRanker.Trainer.Data;

/// <summary>
/// A seeded, deterministic split of example indexes into a fit part and a held-out part. It depends only
/// on the example count, the fraction and the seed, so every domain of a corpus sees the same split.
/// </summary>
internal sealed record HoldOutSplit(int[] Fit, int[] HeldOut)
{
    public static HoldOutSplit Create(int count, double fraction, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (fraction is < 0 or >= 1 || double.IsNaN(fraction))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The held-out fraction must be within [0, 1).");
        }

        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var heldOut = (int)Math.Round(count * fraction);
        return new HoldOutSplit(order[heldOut..].Order().ToArray(), order[..heldOut].Order().ToArray());
    }
}
