using System.Globalization;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;
using ReRanker.Trainer.Data;

namespace ReRanker.Trainer.Evaluation;

/// <summary>The gate's decision and its one-line reason.</summary>
internal sealed record GateVerdict(bool Passed, string Line);

/// <summary>
/// A candidate passes when, on the held-out utterances that concern its domain (gold domain or one of its
/// hypotheses), with every other domain as served: top-1 SemER ≤ served + semer tolerance, and the ECE over
/// the domain's own hypotheses ≤ served + ECE tolerance. With no served version the candidate is compared
/// to the default policy. Documented in docs/trainer.md.
/// </summary>
internal sealed record GateRule(double SemerTolerance, double EceTolerance)
{
    public const double DefaultSemerTolerance = 0.005;
    public const double DefaultEceTolerance = 0.01;

    /// <summary>The utterances the gate judges a candidate of <paramref name="domain"/> on: those that concern the domain.</summary>
    public static LabelledExample[] ExamplesFor(CorpusFile data, string domain)
    {
        ArgumentNullException.ThrowIfNull(data);
        var examples = data.Examples.Where(e => CorpusEvaluation.Involves(e, domain)).ToArray();
        return examples.Length > 0 ? examples : throw new TrainerInputException($"no example for domain '{domain}' in '{data.Path}'");
    }

    public GateVerdict Judge(CorpusFile data, WeightSet served, WeightFile candidate)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(candidate);
        if (!double.IsFinite(SemerTolerance) || SemerTolerance < 0 || !double.IsFinite(EceTolerance) || EceTolerance < 0)
        {
            throw new TrainerInputException("tolerances must be finite and ≥ 0");
        }

        var domain = candidate.Domain;
        var examples = ExamplesFor(data, domain);

        var current = served;
        var servedVersion = served.TryGet(domain, out var weights) ? weights : null;
        var before = CorpusEvaluation.Evaluate(examples, current);
        var after = CorpusEvaluation.Evaluate(examples, current.With(new DomainWeights(candidate)));
        var eceBefore = before.PerDomain.TryGetValue(domain, out var b) ? b.EceAll : 0;
        var eceAfter = after.PerDomain.TryGetValue(domain, out var a) ? a.EceAll : 0;
        var against = servedVersion is null ? "default policy" : $"served v{servedVersion.Version}";
        var subject = $"{domain} v{candidate.Version} vs {against} on {examples.Length} utterances";
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"SemER {after.Overall.Semer:F4} vs {before.Overall.Semer:F4} (tolerance {SemerTolerance}), ECE {eceAfter:F4} vs {eceBefore:F4} (tolerance {EceTolerance})");
        if (after.Overall.Semer > before.Overall.Semer + SemerTolerance)
        {
            return new GateVerdict(false, $"FAIL {subject}: SemER got worse; {figures}");
        }

        if (eceAfter > eceBefore + EceTolerance)
        {
            return new GateVerdict(false, $"FAIL {subject}: calibration got worse; {figures}");
        }

        return new GateVerdict(true, $"PASS {subject}: {figures}");
    }
}
