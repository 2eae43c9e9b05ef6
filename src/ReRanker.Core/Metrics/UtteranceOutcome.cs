namespace ReRanker.Core.Metrics;

/// <summary>One ranked hypothesis as the metrics see it: its domain, the probability reported and whether it is exactly right.</summary>
public readonly record struct HypothesisOutcome(string Domain, double Probability, bool Exact);

/// <summary>
/// What the metrics need from one ranked utterance, measured once (<see cref="Evaluator.Measure"/>): the top-1 result
/// and every ranked hypothesis. Re-adding outcomes to an <see cref="Evaluator"/> gives the same report as the rankings
/// did, so a bootstrap can resample utterances without ranking or comparing slots again.
/// </summary>
/// <param name="GoldDomain">The utterance's gold domain (utterance metrics per domain group by it).</param>
/// <param name="Top">SemER of the top hypothesis (<see cref="SemanticError.Empty"/> when the ranking is empty).</param>
/// <param name="DomainWrong">The top hypothesis has another domain than gold, or there is none.</param>
/// <param name="TopProbability">The top hypothesis's probability; null when the ranking is empty.</param>
/// <param name="Ranked">Every ranked hypothesis, best first.</param>
public sealed record UtteranceOutcome(
    string GoldDomain,
    SemanticErrorResult Top,
    bool DomainWrong,
    double? TopProbability,
    IReadOnlyList<HypothesisOutcome> Ranked);
