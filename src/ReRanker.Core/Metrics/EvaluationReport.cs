namespace ReRanker.Core.Metrics;

/// <summary>The corpus metrics over a set of utterances (docs/metrics.md).</summary>
/// <param name="Utterances">Utterances evaluated.</param>
/// <param name="Hypotheses">Hypotheses that received a probability (the population of <paramref name="EceAll"/>).</param>
/// <param name="Semer">Mean SemER of the top-ranked hypothesis.</param>
/// <param name="Irer">Share of utterances whose top hypothesis is not exactly right.</param>
/// <param name="DomainError">Share of utterances whose top hypothesis has the wrong domain.</param>
/// <param name="EceAll">Expected calibration error over every hypothesis, 10 equal-width bins.</param>
/// <param name="EceTop1">Expected calibration error over top-ranked hypotheses.</param>
public sealed record MetricSet(int Utterances, int Hypotheses, double Semer, double Irer, double DomainError, double EceAll, double EceTop1);

/// <summary>One bin of a reliability table: predicted probability against observed accuracy.</summary>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanProbability, double Accuracy)
{
    /// <summary>|accuracy − mean probability|; 0 for an empty bin.</summary>
    public double Gap => Count == 0 ? 0 : Math.Abs(Accuracy - MeanProbability);
}

/// <summary>
/// Overall and per-domain metrics with the reliability tables behind ECE. Per domain, utterance metrics
/// (SemER, IRER, domain error, ECE top-1) group by the gold domain; ECE over all hypotheses groups by the
/// hypothesis's domain, because that is what each domain's own weights control.
/// </summary>
public sealed record EvaluationReport(
    MetricSet Overall,
    IReadOnlyDictionary<string, MetricSet> PerDomain,
    IReadOnlyList<ReliabilityBin> ReliabilityAll,
    IReadOnlyList<ReliabilityBin> ReliabilityTop1);
