using ReRanker.Core.Features;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;

namespace ReRanker.Core.Tests.Support;

/// <summary>
/// The scoring definition written out plainly from public pieces: every feature computed, every weight
/// multiplied (zeros too) in feature order, the context scored by <see cref="DomainWeights.ContextScore"/>, the
/// probability the file's calibration of the score when it has one, else sigmoid(score).
/// Reranker.Rank's shortcuts (only used features, only non-zero weights, context resolved once) must match it bit for bit.
/// </summary>
internal static class DenseReference
{
    public static (double Score, double Probability)?[] Score(IReadOnlyList<Hypothesis> list, RequestContext context, WeightSet weights)
    {
        var width = FeatureCatalog.HypothesisFeatureCount;
        var features = new double[list.Count * width];
        FeatureExtractor.Compute(list, features);
        var scores = new (double, double)?[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            if (!weights.TryGet(list[i].Domain, out var domain))
            {
                continue;
            }

            var score = domain.Bias + domain.ContextScore(context);
            foreach (var feature in Enum.GetValues<HypothesisFeature>())
            {
                score += domain.Weight(feature) * features[(i * width) + (int)feature];
            }

            scores[i] = (score, domain.Calibration?.Probability(score) ?? FeatureExtractor.Sigmoid(score));
        }

        return scores;
    }
}
