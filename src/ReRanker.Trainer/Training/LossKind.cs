namespace ReRanker.Trainer.Training;

/// <summary>The training losses (docs/trainer.md).</summary>
internal enum LossKind
{
    /// <summary>Expected SemER: softmax over the whole n-best list, Σ p × SemER (R1).</summary>
    Ese,

    /// <summary>Cross-entropy of sigmoid(score) against "exactly right", own hypotheses only (R2).</summary>
    Ce,

    /// <summary>(1 − ceWeight) × expected SemER + ceWeight × cross-entropy (R3, production).</summary>
    Combined,
}

/// <summary>The loss and its hyper-parameters. <see cref="L2"/> multiplies Σ w² (bias excluded) added to per-utterance means.</summary>
internal sealed record LossOptions(LossKind Kind, double L2, double CeWeight)
{
    /// <summary>Weight of the cross-entropy term: 0 for ese, 1 for ce, <see cref="CeWeight"/> for combined.</summary>
    public double CeMix => Kind switch
    {
        LossKind.Ese => 0,
        LossKind.Ce => 1,
        _ => CeWeight,
    };

    public string Name => Kind switch
    {
        LossKind.Ese => "ese",
        LossKind.Ce => "ce",
        _ => "combined",
    };

    public static LossKind ParseKind(string name) => name switch
    {
        "ese" => LossKind.Ese,
        "ce" => LossKind.Ce,
        "combined" => LossKind.Combined,
        _ => throw new FormatException($"unknown loss '{name}'; use ese, ce or combined"),
    };
}
