namespace ReRanker.Trainer.Cli;

/// <summary>Defaults of the train command, chosen on a held-out part of train.jsonl (docs/quality.md).</summary>
internal static class TrainDefaults
{
    public const double L2 = 0.01;

    /// <summary>The default <c>--l2</c> under <c>--dp-epsilon</c> (Λ = 2 · l2 in docs/privacy.md).</summary>
    public const double PrivateL2 = 0.003;

    public const double CeWeight = 0.5;
    public const double HoldOut = 0.1;
}
