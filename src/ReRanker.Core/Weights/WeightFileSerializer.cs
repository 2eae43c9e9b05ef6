using System.Globalization;
using System.Text.Json;
using ReRanker.Core.Features;
using ReRanker.Core.Model;
using ReRanker.Core.Text;

namespace ReRanker.Core.Weights;

/// <summary>
/// Reads and writes weight files, schema versions 1 and 2 (v2: the optional calibration section, in
/// <see cref="CalibrationSection"/>). Reading never throws on bad content: it returns every
/// reason the file is invalid, each naming its field. Writing is deterministic (fixed field order,
/// weights sorted by name), so the same weights always give the same bytes.
/// </summary>
public static class WeightFileSerializer
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    // An explicit new line: the default is Environment.NewLine, which would make the bytes differ by OS.
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, NewLine = "\n" };

    public static WeightFileReadResult Read(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > WeightFile.MaxBytes)
        {
            return WeightFileReadResult.Invalid("$", $"file is {utf8Json.Length} bytes; the limit is {WeightFile.MaxBytes}");
        }

        // Editors on Windows save UTF-8 with a byte order mark; the JSON parser would reject it.
        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        // The parser accepts invalid UTF-8 inside strings and only fails when a string is read.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json))
        {
            return WeightFileReadResult.Invalid("$", "not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray(), DocumentOptions);
        }
        catch (JsonException ex)
        {
            return WeightFileReadResult.Invalid("$", $"not valid JSON ({ex.Message})");
        }

        using (document)
        {
            // Every string and name goes through the one decoding rule first, wherever it is (known field or not).
            if (FirstNotText(document.RootElement, "$") is { } notText)
            {
                return WeightFileReadResult.Invalid(notText.Field, notText.Message);
            }

            try
            {
                return new Reader().Read(document.RootElement);
            }
            catch (InvalidOperationException ex) when (JsonText.IsNotText(ex))
            {
                return WeightFileReadResult.Invalid("$", $"a string {JsonText.NotTextMessage}");
            }
        }
    }

    /// <summary>The first string or property name that is not text (an unpaired surrogate escape), by field.</summary>
    private static WeightFileError? FirstNotText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return JsonText.TryGetString(element, out _) ? null : new WeightFileError(path, JsonText.NotTextMessage);
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstNotText(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!JsonText.TryGetName(property, out var name))
                    {
                        return new WeightFileError(path, $"a property name {JsonText.NotTextMessage}");
                    }

                    var child = path switch
                    {
                        "$" => JsonText.Printable(name),
                        "weights" or "training.metrics" => $"{path}['{JsonText.Printable(name)}']",
                        _ => $"{path}.{JsonText.Printable(name)}",
                    };
                    if (FirstNotText(property.Value, child) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    public static byte[] Write(WeightFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", file.SchemaVersion);
            writer.WriteString("domain", file.Domain);
            writer.WriteNumber("version", file.Version);
            writer.WriteNumber("bias", file.Bias);
            writer.WriteStartObject("weights");
            foreach (var (name, weight) in file.Weights.OrderBy(w => w.Key, StringComparer.Ordinal))
            {
                writer.WriteNumber(name, weight);
            }

            writer.WriteEndObject();
            writer.WriteString("createdAt", file.CreatedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture));
            WriteTraining(writer, file.Training);
            if (file.Calibration is { } calibration)
            {
                CalibrationSection.Write(writer, calibration);
            }

            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteTraining(Utf8JsonWriter writer, TrainingInfo training)
    {
        writer.WriteStartObject("training");
        writer.WriteString("loss", training.Loss);
        writer.WriteNumber("l2", training.L2);
        if (training.CeWeight is { } ceWeight)
        {
            writer.WriteNumber("ceWeight", ceWeight);
        }

        writer.WriteString("dataSha256", training.DataSha256);
        writer.WriteNumber("trainExamples", training.TrainExamples);
        writer.WriteNumber("trainHypotheses", training.TrainHypotheses);
        writer.WriteNumber("heldOutExamples", training.HeldOutExamples);
        writer.WriteStartObject("metrics");
        foreach (var (name, value) in training.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            writer.WriteNumber(name, value);
        }

        writer.WriteEndObject();
        if (training.TrainerVersion is not null)
        {
            writer.WriteString("trainerVersion", training.TrainerVersion);
        }

        if (training.Seed is { } seed)
        {
            writer.WriteNumber("seed", seed);
        }

        if (training.Privacy is { } privacy)
        {
            PrivacySection.Write(writer, privacy);
        }

        writer.WriteEndObject();
    }

    /// <summary>Collects every error rather than stopping at the first, so one upload shows all its problems.</summary>
    private sealed class Reader
    {
        public static readonly string[] Losses = ["ese", "ce", "combined", "handmade"];

        private readonly List<WeightFileError> _errors = [];

        public WeightFileReadResult Read(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return WeightFileReadResult.Invalid("$", "must be a JSON object");
            }

            var schemaVersion = RequiredInt(root, "schemaVersion", "schemaVersion", min: 1);
            if (schemaVersion is not null and not (WeightFile.CurrentSchemaVersion or WeightFile.CalibrationSchemaVersion))
            {
                // Nothing else can be trusted in a format we do not know.
                return WeightFileReadResult.Invalid("schemaVersion", $"unknown schema version {schemaVersion}; this reader knows {WeightFile.CurrentSchemaVersion} and {WeightFile.CalibrationSchemaVersion}");
            }

            var domain = RequiredString(root, "domain", "domain");
            if (domain is not null && !DomainName.IsValid(domain))
            {
                Fail("domain", $"'{Truncate(domain)}' does not match {DomainName.Pattern}");
            }

            var version = RequiredInt(root, "version", "version", min: 1);
            var bias = RequiredNumber(root, "bias", "bias");
            var weights = ReadWeights(root);
            var createdAt = ReadCreatedAt(root);
            var training = ReadTraining(root);
            var calibration = CalibrationSection.Read(root, schemaVersion, _errors, ReadFiniteNumber);

            if (_errors.Count > 0)
            {
                return WeightFileReadResult.Invalid(_errors);
            }

            return WeightFileReadResult.Valid(new WeightFile(
                schemaVersion!.Value, domain!, version!.Value, bias!.Value, weights!, createdAt!.Value, training!) { Calibration = calibration });
        }

        private Dictionary<string, double>? ReadWeights(JsonElement root)
        {
            if (!TryGetRequired(root, "weights", "weights", JsonValueKind.Object, out var element))
            {
                return null;
            }

            var weights = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                var field = $"weights['{Truncate(property.Name)}']";
                if (!FeatureCatalog.IsKnown(property.Name))
                {
                    Fail(field, "unknown feature name");
                    continue;
                }

                if (weights.ContainsKey(property.Name))
                {
                    Fail(field, "duplicate feature");
                    continue;
                }

                if (ReadFiniteNumber(property.Value, field) is { } weight)
                {
                    weights[property.Name] = weight;
                }
            }

            return weights;
        }

        private DateTimeOffset? ReadCreatedAt(JsonElement root)
        {
            if (!TryGetRequired(root, "createdAt", "createdAt", JsonValueKind.String, out var element))
            {
                return null;
            }

            if (element.TryGetDateTimeOffset(out var createdAt))
            {
                return createdAt;
            }

            Fail("createdAt", "must be an ISO 8601 date and time, for example 2026-11-21T10:00:00Z");
            return null;
        }

        private TrainingInfo? ReadTraining(JsonElement root)
        {
            if (!TryGetRequired(root, "training", "training", JsonValueKind.Object, out var training))
            {
                return null;
            }

            var loss = RequiredString(training, "loss", "training.loss");
            if (loss is not null && !Losses.Contains(loss, StringComparer.Ordinal))
            {
                Fail("training.loss", $"must be one of {string.Join(", ", Losses)}");
            }

            var l2 = RequiredNumber(training, "l2", "training.l2");
            if (l2 < 0)
            {
                Fail("training.l2", "must not be negative");
            }

            double? ceWeight = null;
            if (training.TryGetProperty("ceWeight", out var ceElement) && ceElement.ValueKind != JsonValueKind.Null)
            {
                ceWeight = ReadFiniteNumber(ceElement, "training.ceWeight");
                if (ceWeight is < 0 or > 1)
                {
                    Fail("training.ceWeight", "must be within [0, 1]");
                }
            }

            var dataSha256 = RequiredString(training, "dataSha256", "training.dataSha256");
            if (dataSha256 is not null && loss != "handmade" && !IsSha256Hex(dataSha256))
            {
                Fail("training.dataSha256", "must be 64 lower-case hex digits");
            }

            var trainExamples = RequiredInt(training, "trainExamples", "training.trainExamples", min: 0);
            var trainHypotheses = RequiredInt(training, "trainHypotheses", "training.trainHypotheses", min: 0);
            var heldOutExamples = RequiredInt(training, "heldOutExamples", "training.heldOutExamples", min: 0);
            var metrics = ReadMetrics(training);
            var trainerVersion = OptionalString(training, "trainerVersion", "training.trainerVersion");
            int? seed = null;
            if (training.TryGetProperty("seed", out var seedElement) && seedElement.ValueKind != JsonValueKind.Null)
            {
                seed = ReadInt(seedElement, "training.seed", min: int.MinValue);
            }

            var privacy = PrivacySection.Read(training, _errors, ReadFiniteNumber);
            if (loss is null || l2 is null || dataSha256 is null || trainExamples is null || trainHypotheses is null || heldOutExamples is null)
            {
                return null;
            }

            return new TrainingInfo(loss, l2.Value, ceWeight, dataSha256, trainExamples.Value, trainHypotheses.Value,
                heldOutExamples.Value, metrics, trainerVersion, seed) { Privacy = privacy };
        }

        private Dictionary<string, double> ReadMetrics(JsonElement training)
        {
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
            if (!training.TryGetProperty("metrics", out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return metrics;
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                Fail("training.metrics", "must be an object of metric name to number");
                return metrics;
            }

            foreach (var property in element.EnumerateObject())
            {
                if (ReadFiniteNumber(property.Value, $"training.metrics['{Truncate(property.Name)}']") is { } value)
                {
                    metrics[property.Name] = value;
                }
            }

            return metrics;
        }

        private bool TryGetRequired(JsonElement parent, string name, string field, JsonValueKind kind, out JsonElement element)
        {
            if (!parent.TryGetProperty(name, out element) || element.ValueKind == JsonValueKind.Null)
            {
                Fail(field, "is required");
                return false;
            }

            if (element.ValueKind != kind)
            {
                Fail(field, $"must be a {Describe(kind)}, not a {Describe(element.ValueKind)}");
                return false;
            }

            return true;
        }

        private string? RequiredString(JsonElement parent, string name, string field) =>
            TryGetRequired(parent, name, field, JsonValueKind.String, out var element) ? element.GetString() : null;

        private string? OptionalString(JsonElement parent, string name, string field)
        {
            if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (element.ValueKind == JsonValueKind.String)
            {
                return element.GetString();
            }

            Fail(field, "must be a string");
            return null;
        }

        private double? RequiredNumber(JsonElement parent, string name, string field) =>
            TryGetRequired(parent, name, field, JsonValueKind.Number, out var element) ? ReadFiniteNumber(element, field) : null;

        private int? RequiredInt(JsonElement parent, string name, string field, int min) =>
            TryGetRequired(parent, name, field, JsonValueKind.Number, out var element) ? ReadInt(element, field, min) : null;

        private int? ReadInt(JsonElement element, string field, int min)
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value))
            {
                Fail(field, "must be a whole number");
                return null;
            }

            if (value < min)
            {
                Fail(field, $"must be at least {min}");
                return null;
            }

            return value;
        }

        private double? ReadFiniteNumber(JsonElement element, string field)
        {
            // NaN and Infinity are not JSON numbers; they arrive as strings and are rejected here too.
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                Fail(field, "must be a finite number");
                return null;
            }

            if (Math.Abs(value) > WeightFile.MaxAbsoluteWeight)
            {
                // The value itself is not repeated: reasons end up in logs, and weights never do.
                Fail(field, $"magnitude exceeds {WeightFile.MaxAbsoluteWeight:G}");
                return null;
            }

            return value;
        }

        private void Fail(string field, string message) => _errors.Add(new WeightFileError(field, message));

        private static bool IsSha256Hex(string value) =>
            value.Length == 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

        private static string Truncate(string value) => JsonText.Printable(value);

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        };
    }
}
