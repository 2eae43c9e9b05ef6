using ReRanker.Core.Model;
using ReRanker.Core.Scoring;

namespace ReRanker.Core.Metrics;

/// <summary>
/// Accumulates rankings of labelled utterances and reports the corpus metrics. Feed it one
/// utterance at a time, so a corpus of any size needs memory only for the tallies.
/// </summary>
public sealed class Evaluator
{
    private readonly Tally _overall = new();
    private readonly Dictionary<string, Tally> _byGoldDomain = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReliabilityTable> _allByHypothesisDomain = new(StringComparer.Ordinal);

    /// <summary>Adds one utterance. <paramref name="ranking"/> is best first and may omit hypotheses (the reject policy).</summary>
    public void Add(LabelledExample example, IReadOnlyList<ScoredHypothesis> ranking) => Add(Measure(example, ranking));

    /// <summary>Adds one utterance measured by <see cref="Measure"/>.</summary>
    public void Add(UtteranceOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var domainTally = TallyFor(outcome.GoldDomain);
        foreach (var hypothesis in outcome.Ranked)
        {
            _overall.All.Add(hypothesis.Probability, hypothesis.Exact);
            if (!_allByHypothesisDomain.TryGetValue(hypothesis.Domain, out var table))
            {
                _allByHypothesisDomain[hypothesis.Domain] = table = new ReliabilityTable();
            }

            table.Add(hypothesis.Probability, hypothesis.Exact);
        }

        if (outcome.TopProbability is { } top)
        {
            _overall.Top1.Add(top, outcome.Top.IsExact);
            domainTally.Top1.Add(top, outcome.Top.IsExact);
        }

        _overall.AddUtterance(outcome.Top, outcome.DomainWrong);
        domainTally.AddUtterance(outcome.Top, outcome.DomainWrong);
    }

    /// <summary>
    /// Measures one ranked utterance against its gold: the one place SemER, exactness and the top-1 rule are applied.
    /// <paramref name="ranking"/> is best first and may omit hypotheses (the reject policy).
    /// </summary>
    public static UtteranceOutcome Measure(LabelledExample example, IReadOnlyList<ScoredHypothesis> ranking)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(ranking);
        // Check everything before measuring anything, so a bad ranking never reaches a tally.
        foreach (var scored in ranking)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(scored.Index, nameof(ranking));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(scored.Index, example.Hypotheses.Count, nameof(ranking));
            if (!double.IsFinite(scored.Probability) || scored.Probability is < 0 or > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(ranking), scored.Probability, "A probability must be within [0, 1].");
            }
        }

        var gold = example.Gold ?? throw new ArgumentException($"Example '{example.Id}' has no gold interpretation; only examples with gold can be measured.", nameof(example));
        var ranked = new HypothesisOutcome[ranking.Count];
        for (var i = 0; i < ranking.Count; i++)
        {
            var hypothesis = example.Hypotheses[ranking[i].Index];
            ranked[i] = new HypothesisOutcome(hypothesis.Domain, ranking[i].Probability, SemanticError.Compute(hypothesis, gold).IsExact);
        }

        if (ranking.Count == 0)
        {
            return new UtteranceOutcome(gold.Domain, SemanticError.Empty(gold), true, null, ranked);
        }

        var best = example.Hypotheses[ranking[0].Index];
        return new UtteranceOutcome(
            gold.Domain,
            SemanticError.Compute(best, gold),
            !string.Equals(best.Domain, gold.Domain, StringComparison.Ordinal),
            ranking[0].Probability,
            ranked);
    }

    public EvaluationReport Build()
    {
        var domains = _byGoldDomain.Keys.Union(_allByHypothesisDomain.Keys).Order(StringComparer.Ordinal);
        var perDomain = new SortedDictionary<string, MetricSet>(StringComparer.Ordinal);
        foreach (var domain in domains)
        {
            var tally = _byGoldDomain.GetValueOrDefault(domain) ?? new Tally();
            var all = _allByHypothesisDomain.GetValueOrDefault(domain) ?? new ReliabilityTable();
            perDomain[domain] = tally.ToMetricSet(all);
        }

        return new EvaluationReport(_overall.ToMetricSet(_overall.All), perDomain, _overall.All.Bins(), _overall.Top1.Bins());
    }

    private Tally TallyFor(string domain)
    {
        if (!_byGoldDomain.TryGetValue(domain, out var tally))
        {
            _byGoldDomain[domain] = tally = new Tally();
        }

        return tally;
    }

    private sealed class Tally
    {
        private int _utterances;
        private double _semerSum;
        private int _notExact;
        private int _domainWrong;

        public ReliabilityTable All { get; } = new();

        public ReliabilityTable Top1 { get; } = new();

        public void AddUtterance(SemanticErrorResult top, bool domainWrong)
        {
            _utterances++;
            _semerSum += top.Value;
            _notExact += top.IsExact ? 0 : 1;
            _domainWrong += domainWrong ? 1 : 0;
        }

        public MetricSet ToMetricSet(ReliabilityTable all) => new(
            _utterances,
            all.Count,
            _utterances == 0 ? 0 : _semerSum / _utterances,
            _utterances == 0 ? 0 : (double)_notExact / _utterances,
            _utterances == 0 ? 0 : (double)_domainWrong / _utterances,
            all.ExpectedCalibrationError(),
            Top1.ExpectedCalibrationError());
    }
}
