using System.Collections.Frozen;
using ReRanker.Core.Features;
using ReRanker.Core.Model;
using ReRanker.Core.Weights;

namespace ReRanker.Core.Scoring;

/// <summary>
/// One domain's weights compiled for scoring: dense per-hypothesis weights plus context lookups.
/// Immutable; built once per loaded file and shared by every request.
/// </summary>
public sealed class DomainWeights
{
    /// <summary>The largest magnitude one context entry can add to a score.</summary>
    public const double MaxContextTerm = 1e9;

    private readonly double[] _dense;
    private readonly int[] _activeFeatures;
    private readonly double[] _activeWeights;
    private readonly FrozenDictionary<string, double> _scalarContext;
    private readonly FrozenDictionary<string, FrozenDictionary<string, double>> _stringContext;

    public DomainWeights(WeightFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        File = file;
        _dense = new double[FeatureCatalog.HypothesisFeatureCount];
        var contextFeatures = new List<ContextFeature>();
        var scalar = new Dictionary<string, double>(StringComparer.Ordinal);
        var strings = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var (name, weight) in file.Weights)
        {
            if (FeatureCatalog.TryGetHypothesisFeature(name, out var feature))
            {
                _dense[(int)feature] = weight;
            }
            else if (FeatureCatalog.TryParseContextFeature(name, out var key, out var value))
            {
                contextFeatures.Add(new ContextFeature(key, value, weight));
                if (value is null)
                {
                    scalar[key] = weight;
                }
                else
                {
                    if (!strings.TryGetValue(key, out var byValue))
                    {
                        strings[key] = byValue = new Dictionary<string, double>(StringComparer.Ordinal);
                    }

                    byValue[value] = weight;
                }
            }
            else
            {
                throw new ArgumentException($"Unknown feature '{name}'; validate files with {nameof(WeightFileSerializer)}.", nameof(file));
            }
        }

        _scalarContext = scalar.ToFrozenDictionary(StringComparer.Ordinal);
        _stringContext = strings.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenDictionary(StringComparer.Ordinal), StringComparer.Ordinal);
        HasContextWeights = scalar.Count > 0 || strings.Count > 0;
        ContextFeatures = contextFeatures;

        // Scoring visits only the features with a weight, in feature order (the dense order, minus zero terms).
        _activeFeatures = Enumerable.Range(0, _dense.Length).Where(f => _dense[f] != 0).ToArray();
        _activeWeights = _activeFeatures.Select(f => _dense[f]).ToArray();
        UsedFeatures = _activeFeatures.Aggregate(FeatureMask.None, (mask, f) => mask.With((HypothesisFeature)f));
    }

    public WeightFile File { get; }

    public string Domain => File.Domain;

    public int Version => File.Version;

    public double Bias => File.Bias;

    public bool HasContextWeights { get; }

    /// <summary>The file's isotonic map from score to probability, or null: probability = sigmoid(score).</summary>
    public ScoreCalibration? Calibration => File.Calibration;

    /// <summary>The dense weight of a per-hypothesis feature (0 when the file does not use it).</summary>
    public double Weight(HypothesisFeature feature) => _dense[(int)feature];

    internal ReadOnlySpan<double> Dense => _dense;

    /// <summary>The per-hypothesis features with a non-zero weight.</summary>
    public FeatureMask UsedFeatures { get; }

    internal ReadOnlySpan<int> ActiveFeatures => _activeFeatures;

    internal ReadOnlySpan<double> ActiveWeights => _activeWeights;

    /// <summary>The context features of the file: key, value (null for a boolean or number key) and weight.</summary>
    internal IReadOnlyList<ContextFeature> ContextFeatures { get; }

    /// <summary>The weight of one context entry, 0 when the file has none for it.</summary>
    public double ContextWeight(string key, ContextValue value)
    {
        if (value.Kind == ContextValueKind.String)
        {
            return _stringContext.TryGetValue(key, out var byValue) && byValue.TryGetValue(value.Text!, out var w) ? w : 0;
        }

        return _scalarContext.TryGetValue(key, out var weight) ? weight : 0;
    }

    /// <summary>Σ weight × value over the context; the same for every hypothesis of this domain in a request.</summary>
    public double ContextScore(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HasContextWeights)
        {
            return 0;
        }

        double sum = 0;
        foreach (var (key, value) in context.Span)
        {
            var weight = ContextWeight(key, value);
            sum += ContextTerm(weight, value);
        }

        return sum;
    }

    /// <summary>
    /// One context entry's part of the score: the weight for a string indicator, weight × value otherwise,
    /// limited to ±<see cref="MaxContextTerm"/> so that huge context numbers can never make a score
    /// infinite or NaN (+∞ + −∞). Within the limit the sigmoid is already 0 or 1.
    /// </summary>
    internal static double ContextTerm(double weight, ContextValue value) =>
        value.Kind == ContextValueKind.String ? weight : Math.Clamp(weight * value.Number, -MaxContextTerm, MaxContextTerm);
}

/// <summary>One context weight of a file: <c>context.key=value</c> (string) or <c>context.key</c> (Value null).</summary>
internal readonly record struct ContextFeature(string Key, string? Value, double Weight);
