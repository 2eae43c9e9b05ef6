namespace ReRanker.Core.Features;

/// <summary>
/// The per-hypothesis features, as dense indexes. Names are stable: they are the keys of weight files.
/// Append new features at the end; never rename or reorder a shipped one.
/// </summary>
public enum HypothesisFeature
{
    /// <summary>logit(domainScore), clamped to [1e-6, 1 - 1e-6].</summary>
    LogitDomainScore,

    /// <summary>logit(intentScore), clamped.</summary>
    LogitIntentScore,

    /// <summary>logit(slotScore), clamped.</summary>
    LogitSlotScore,

    /// <summary>0-based rank of the hypothesis's intentScore among its own domain's hypotheses.</summary>
    IntentRankInDomain,

    /// <summary>logit(intentScore) minus the best logit(intentScore) of the other hypotheses of the same domain (0 when alone).</summary>
    IntentMarginInDomain,

    /// <summary>0-based rank of the hypothesis's domain by domainScore among the domains in the list.</summary>
    DomainRankInList,

    /// <summary>logit(domainScore) minus the best logit(domainScore) of the other domains in the list (0 when alone).</summary>
    DomainMarginInList,

    /// <summary>Number of slots.</summary>
    SlotCount,

    /// <summary>Mean per-slot confidence (slotScore where a slot has none); 0 without slots.</summary>
    MeanSlotConfidence,

    /// <summary>Smallest per-slot confidence (slotScore where a slot has none); 0 without slots.</summary>
    MinSlotConfidence,

    /// <summary>1 when the hypothesis has no slots.</summary>
    NoSlots,

    /// <summary>log(domainScore × intentScore × slotScore), each clamped to [1e-6, 1]: the unweighted policy's score on a log scale.</summary>
    LogProduct,

    /// <summary>0-based rank of the hypothesis's product of confidences among every hypothesis in the list (ties by input order).</summary>
    ProductRankInList,

    /// <summary><see cref="LogProduct"/> minus the best <see cref="LogProduct"/> of the other domains' hypotheses (0 when alone).</summary>
    ProductMarginInList,
}
