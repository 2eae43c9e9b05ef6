namespace ReRanker.Core.Scoring;

/// <summary>How a hypothesis was scored.</summary>
public enum ScoringMethod
{
    /// <summary>By its domain's learned weights.</summary>
    Weights,

    /// <summary>By the default policy for a domain with no weights: product of the three confidences.</summary>
    Unweighted,
}

/// <summary>What to do with hypotheses whose domain has no weights.</summary>
public enum UnweightedDomainPolicy
{
    /// <summary>Score them by the product of their three confidences and say so.</summary>
    Unweighted,

    /// <summary>Leave them out of the ranking.</summary>
    Reject,
}

/// <summary>One ranked hypothesis: <see cref="Index"/> points into the input list.</summary>
public readonly record struct ScoredHypothesis(int Index, double Score, double Probability, ScoringMethod Method, int? WeightsVersion);

/// <summary>One feature's part in a score: contribution = value × weight.</summary>
public sealed record FeatureContribution(string Feature, double Value, double Weight, double Contribution);
