using System.Globalization;
using System.Text.Json;
using ReRanker.Core.Text;

namespace ReRanker.Core.Weights;

/// <summary>
/// The optional <c>calibration</c> section of a schema v2 weight file (docs/weights-format.md):
/// <c>{"method": "isotonic", "bins": [{"scoreMin": …, "scoreMax": …, "probability": …}, …]}</c>.
/// Read as every other field is: never throws, every error named by its field path.
/// </summary>
internal static class CalibrationSection
{
    public const string Name = "calibration";

    /// <summary>
    /// The section of <paramref name="root"/>, or null when it is absent or invalid (errors added to <paramref name="errors"/>).
    /// <paramref name="readNumber"/> is the serializer's rule for a real-valued field (finite, within ±1e6).
    /// </summary>
    public static ScoreCalibration? Read(JsonElement root, int? schemaVersion, List<WeightFileError> errors, Func<JsonElement, string, double?> readNumber)
    {
        if (!root.TryGetProperty(Name, out var section) || section.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (schemaVersion is not null and not WeightFile.CalibrationSchemaVersion)
        {
            errors.Add(new WeightFileError(Name, $"needs schemaVersion {WeightFile.CalibrationSchemaVersion}; a version {schemaVersion} file cannot carry one"));
            return null;
        }

        if (section.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new WeightFileError(Name, "must be an object"));
            return null;
        }

        var errorsBefore = errors.Count;
        ReadMethod(section, errors);
        var bins = ReadBins(section, errors, readNumber);
        return errors.Count == errorsBefore && bins is not null ? new ScoreCalibration(bins) : null;
    }

    public static void Write(Utf8JsonWriter writer, ScoreCalibration calibration)
    {
        writer.WriteStartObject(Name);
        writer.WriteString("method", calibration.Method);
        writer.WriteStartArray("bins");
        foreach (var bin in calibration.Bins)
        {
            writer.WriteStartObject();
            writer.WriteNumber("scoreMin", bin.ScoreMin);
            writer.WriteNumber("scoreMax", bin.ScoreMax);
            writer.WriteNumber("probability", bin.Probability);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void ReadMethod(JsonElement section, List<WeightFileError> errors)
    {
        const string field = Name + ".method";
        if (!section.TryGetProperty("method", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new WeightFileError(field, "is required"));
        }
        else if (element.ValueKind != JsonValueKind.String)
        {
            errors.Add(new WeightFileError(field, "must be a string"));
        }
        else if (!JsonText.TryGetString(element, out var method))
        {
            errors.Add(new WeightFileError(field, JsonText.NotTextMessage));
        }
        else if (method != ScoreCalibration.Isotonic)
        {
            errors.Add(new WeightFileError(field, $"must be {ScoreCalibration.Isotonic}"));
        }
    }

    private static List<CalibrationBin>? ReadBins(JsonElement section, List<WeightFileError> errors, Func<JsonElement, string, double?> readNumber)
    {
        const string field = Name + ".bins";
        if (!section.TryGetProperty("bins", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new WeightFileError(field, "is required"));
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new WeightFileError(field, "must be an array of bins"));
            return null;
        }

        var count = element.GetArrayLength();
        if (count is 0 or > ScoreCalibration.MaxBins)
        {
            errors.Add(new WeightFileError(field, $"must hold 1 to {ScoreCalibration.MaxBins} bins, not {count}"));
            return null;
        }

        var bins = new List<CalibrationBin>(count);
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"{field}[{index++}]");
            if (ReadBin(item, path, errors, readNumber) is not { } bin)
            {
                continue;
            }

            if (bin.ScoreMin > bin.ScoreMax)
            {
                errors.Add(new WeightFileError(path, "scoreMin must not exceed scoreMax"));
            }
            else if (bins.Count > 0 && bins[^1].ScoreMax >= bin.ScoreMin)
            {
                errors.Add(new WeightFileError(path, "bins must be in increasing score order without overlap (scoreMin above the previous bin's scoreMax)"));
            }
            else if (bins.Count > 0 && bins[^1].Probability > bin.Probability)
            {
                errors.Add(new WeightFileError(path, "probabilities must not decrease from one bin to the next"));
            }

            bins.Add(bin);
        }

        return bins;
    }

    private static CalibrationBin? ReadBin(JsonElement item, string path, List<WeightFileError> errors, Func<JsonElement, string, double?> readNumber)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new WeightFileError(path, "must be an object with scoreMin, scoreMax and probability"));
            return null;
        }

        var min = Number(item, "scoreMin", path, errors, readNumber);
        var max = Number(item, "scoreMax", path, errors, readNumber);
        var probability = Number(item, "probability", path, errors, readNumber);
        if (probability is < 0 or > 1)
        {
            errors.Add(new WeightFileError(path + ".probability", "must be within [0, 1]"));
            return null;
        }

        return min is { } a && max is { } b && probability is { } p ? new CalibrationBin(a, b, p) : null;
    }

    private static double? Number(JsonElement item, string name, string path, List<WeightFileError> errors, Func<JsonElement, string, double?> readNumber)
    {
        if (!item.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new WeightFileError($"{path}.{name}", "is required"));
            return null;
        }

        return readNumber(element, $"{path}.{name}");
    }
}
