namespace ReRanker.Trainer.Cli;

/// <summary>Defaults of the train command, chosen on a held-out part of train.jsonl (docs/quality.md).</summary>
internal static class TrainDefaults
{
    public const double L2 = 0.01;
    public const double CeWeight = 0.5;
    public const double HoldOut = 0.1;
}
