using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using ReRanker.Core.Features;
using ReRanker.Core.Metrics;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Training;

namespace ReRanker.Trainer.Evaluation;

/// <summary>
/// The challenger of <c>compare</c>: ONE LightGBM LambdaRank model (ML.NET) over every domain, on the same features as
/// the per-domain weights (the default dense features and the deviceType one-hot) plus a one-hot of the hypothesis's
/// domain, so it can learn what the per-domain files learn separately. A reference, never served.
/// </summary>
internal sealed class JointLightGbm
{
    private readonly ITransformer _model;
    private readonly MLContext _ml;
    private readonly RowLayout _layout;

    private JointLightGbm(MLContext ml, ITransformer model, RowLayout layout)
    {
        _ml = ml;
        _model = model;
        _layout = layout;
    }

    /// <summary>Fits on the examples at <paramref name="fit"/>; one thread and a fixed seed, so the model is deterministic.</summary>
    public static JointLightGbm Fit(PreparedCorpus corpus, IReadOnlyList<int> fit, FeatureSelection features, int seed)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(features);
        var layout = RowLayout.Create(corpus, fit, features);
        var ml = new MLContext(seed);
        var rows = fit.SelectMany(e => layout.Rows(corpus, e, (uint)e + 1)).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows, RankRow.Schema(layout.Width));
        var options = new LightGbmRankingTrainer.Options
        {
            LabelColumnName = nameof(RankRow.Relevance),
            FeatureColumnName = nameof(RankRow.Features),
            RowGroupColumnName = nameof(RankRow.Group),
            NumberOfIterations = 200,
            LearningRate = 0.05,
            NumberOfLeaves = 16,
            MinimumExampleCountPerLeaf = 20,
            NumberOfThreads = 1,
            Seed = seed,
            Deterministic = true,
            Silent = true,
        };
        var pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(RankRow.Group)).Append(ml.Ranking.Trainers.LightGbm(options));
        return new JointLightGbm(ml, pipeline.Fit(data), layout);
    }

    /// <summary>The model's score of every hypothesis of every example, flat in corpus order.</summary>
    public double[] Score(PreparedCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var rows = Enumerable.Range(0, corpus.Examples.Count).SelectMany(e => _layout.Rows(corpus, e, (uint)e + 1)).ToArray();
        var scored = _model.Transform(_ml.Data.LoadFromEnumerable(rows, RankRow.Schema(_layout.Width)));
        return scored.GetColumn<float>("Score").Select(s => (double)s).ToArray();
    }

    /// <summary>Graded relevance for ranking: 2 exactly right, 1 right intent with slot errors, 0 otherwise.</summary>
    public static float Relevance(SemanticErrorResult error) => error.IsExact ? 2 : error.IntentCorrect ? 1 : 0;

    /// <summary>Which columns a row has: the selected dense features, the deviceType values and the domains seen in fitting.</summary>
    private sealed record RowLayout(IReadOnlyList<HypothesisFeature> Dense, IReadOnlyList<string> Devices, IReadOnlyList<string> Domains)
    {
        public int Width => Dense.Count + Devices.Count + Domains.Count;

        public static RowLayout Create(PreparedCorpus corpus, IReadOnlyList<int> fit, FeatureSelection features)
        {
            var devices = features.UsesContextKey("deviceType")
                ? fit.Select(e => DeviceType(corpus.Examples[e].Context)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray()
                : [];
            var domains = fit.SelectMany(e => corpus.Examples[e].Hypotheses).Select(h => h.Domain).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            return new RowLayout(features.Dense, devices, domains);
        }

        public IEnumerable<RankRow> Rows(PreparedCorpus corpus, int example, uint group)
        {
            var device = DeviceType(corpus.Examples[example].Context);
            for (var h = corpus.Start[example]; h < corpus.Start[example + 1]; h++)
            {
                var row = new float[Width];
                var source = corpus.Features.AsSpan(h * PreparedCorpus.Width, PreparedCorpus.Width);
                for (var f = 0; f < Dense.Count; f++)
                {
                    row[f] = (float)source[(int)Dense[f]];
                }

                var deviceColumn = device is null ? -1 : IndexOf(Devices, device);
                if (deviceColumn >= 0)
                {
                    row[Dense.Count + deviceColumn] = 1;
                }

                var domainColumn = IndexOf(Domains, corpus.Domains[corpus.DomainIndex[h]]);
                if (domainColumn >= 0)
                {
                    row[Dense.Count + Devices.Count + domainColumn] = 1;
                }

                var example0 = corpus.Examples[example];
                var error = SemanticError.Compute(example0.Hypotheses[h - corpus.Start[example]], example0.Gold!);
                yield return new RankRow { Relevance = Relevance(error), Group = group, Features = row };
            }
        }

        private static int IndexOf(IReadOnlyList<string> names, string name)
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }

        private static string? DeviceType(RequestContext context) =>
            context.Entries.FirstOrDefault(e => e.Key == "deviceType") is { Key: not null, Value: { Kind: ContextValueKind.String } value } ? value.Text : null;
    }

    private sealed class RankRow
    {
        public float Relevance { get; set; }

        public uint Group { get; set; }

        public float[] Features { get; set; } = [];

        public static SchemaDefinition Schema(int width) => VectorSchema.For<RankRow>(nameof(Features), width);
    }
}
