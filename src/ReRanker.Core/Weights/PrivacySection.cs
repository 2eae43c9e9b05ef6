using System.Text.Json;

namespace ReRanker.Core.Weights;

/// <summary>
/// How a weight file's bias and weights were made differentially private (<c>training.privacy</c>, optional in
/// every schema version; docs/weights-format.md, docs/privacy.md).
/// </summary>
/// <param name="Mechanism">The mechanism, e.g. <c>objective-perturbation</c>.</param>
/// <param name="Epsilon">ε of the guarantee, per utterance.</param>
/// <param name="Delta">δ of the guarantee (0 for pure ε-differential privacy).</param>
/// <param name="FeatureNormBound">The feature-norm bound B that rows were scaled by (then clipped to norm 1); null when the mechanism has none.</param>
public sealed record PrivacyInfo(string Mechanism, double Epsilon, double Delta, double? FeatureNormBound)
{
    public const string ObjectivePerturbation = "objective-perturbation";

    /// <summary>The unit of privacy: neighbouring training sets differ in one utterance (one corpus record).</summary>
    public const string Unit = "utterance";

    public static readonly string[] Mechanisms = [ObjectivePerturbation];
}

/// <summary>Reads and writes <c>training.privacy</c>, as every other field is read: never throws, errors named by field.</summary>
internal static class PrivacySection
{
    public const string Name = "privacy";
    private const string Field = "training.privacy";

    public static PrivacyInfo? Read(JsonElement training, List<WeightFileError> errors, Func<JsonElement, string, double?> readNumber)
    {
        if (!training.TryGetProperty(Name, out var section) || section.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (section.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new WeightFileError(Field, "must be an object"));
            return null;
        }

        var before = errors.Count;
        string? mechanism = null;
        if (!section.TryGetProperty("mechanism", out var m) || m.ValueKind != JsonValueKind.String)
        {
            errors.Add(new WeightFileError($"{Field}.mechanism", "is required (a string)"));
        }
        else if (!PrivacyInfo.Mechanisms.Contains(mechanism = m.GetString(), StringComparer.Ordinal))
        {
            errors.Add(new WeightFileError($"{Field}.mechanism", $"must be one of {string.Join(", ", PrivacyInfo.Mechanisms)}"));
        }

        var epsilon = Number(section, "epsilon", errors, readNumber, required: true);
        if (epsilon is <= 0)
        {
            errors.Add(new WeightFileError($"{Field}.epsilon", "must be above 0"));
        }

        var delta = Number(section, "delta", errors, readNumber, required: true);
        if (delta is < 0 or >= 1)
        {
            errors.Add(new WeightFileError($"{Field}.delta", "must be within [0, 1)"));
        }

        var bound = Number(section, "featureNormBound", errors, readNumber, required: false);
        if (bound is <= 0)
        {
            errors.Add(new WeightFileError($"{Field}.featureNormBound", "must be above 0"));
        }

        return errors.Count == before ? new PrivacyInfo(mechanism!, epsilon!.Value, delta!.Value, bound) : null;
    }

    public static void Write(Utf8JsonWriter writer, PrivacyInfo privacy)
    {
        writer.WriteStartObject(Name);
        writer.WriteString("mechanism", privacy.Mechanism);
        writer.WriteString("unit", PrivacyInfo.Unit);
        writer.WriteNumber("epsilon", privacy.Epsilon);
        writer.WriteNumber("delta", privacy.Delta);
        if (privacy.FeatureNormBound is { } bound)
        {
            writer.WriteNumber("featureNormBound", bound);
        }

        writer.WriteEndObject();
    }

    private static double? Number(JsonElement section, string name, List<WeightFileError> errors, Func<JsonElement, string, double?> readNumber, bool required)
    {
        if (!section.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new WeightFileError($"{Field}.{name}", "is required"));
            }

            return null;
        }

        return readNumber(element, $"{Field}.{name}");
    }
}
