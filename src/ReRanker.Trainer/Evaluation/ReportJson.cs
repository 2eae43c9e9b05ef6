using System.Text;
using System.Text.Json;
using ReRanker.Core.Metrics;
using ReRanker.Trainer.Segments;

namespace ReRanker.Trainer.Evaluation;

/// <summary>The JSON of <c>evaluate --format json</c>: <c>{"weights": {...}, "baseline": {...}}</c> plus what was evaluated.</summary>
internal static class ReportJson
{
    public static string Write(EvaluatedData data, EvaluatedRanker weights, EvaluatedRanker baseline, IReadOnlyList<SegmentReport>? segments = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(baseline);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("data");
            writer.WriteString("path", data.Path);
            writer.WriteString("sha256", data.Sha256);
            writer.WriteEndObject();
            writer.WriteStartObject("registry");
            foreach (var (domain, version) in data.Versions.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                writer.WriteNumber(domain, version);
            }

            writer.WriteEndObject();
            WriteReport(writer, "weights", weights);
            WriteReport(writer, "baseline", baseline);
            if (segments is { Count: > 0 })
            {
                // Segments of the weights (not the baseline), by key.
                SegmentText.WriteJson(writer, segments);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteReport(Utf8JsonWriter writer, string name, EvaluatedRanker ranker)
    {
        var report = ranker.Report;
        writer.WriteStartObject(name);
        WriteMetrics(writer, report.Overall);
        writer.WriteStartObject("perDomain");
        foreach (var (domain, metrics) in report.PerDomain)
        {
            writer.WriteStartObject(domain);
            WriteMetrics(writer, metrics);
            if (ranker.Binary.TryGetValue(domain, out var binary))
            {
                // ML.NET's binary evaluator over the domain's own hypotheses; auc is null with one class only.
                if (binary.Auc is { } auc)
                {
                    writer.WriteNumber("auc", auc);
                }
                else
                {
                    writer.WriteNull("auc");
                }

                if (double.IsFinite(binary.LogLoss))
                {
                    writer.WriteNumber("logLoss", binary.LogLoss);
                }
                else
                {
                    // JSON has no infinity: null means a right hypothesis was given probability 0.
                    writer.WriteNull("logLoss");
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        WriteBins(writer, "reliabilityAll", report.ReliabilityAll);
        WriteBins(writer, "reliabilityTop1", report.ReliabilityTop1);
        writer.WriteEndObject();
    }

    private static void WriteMetrics(Utf8JsonWriter writer, MetricSet metrics)
    {
        writer.WriteNumber("utterances", metrics.Utterances);
        writer.WriteNumber("hypotheses", metrics.Hypotheses);
        writer.WriteNumber("semer", metrics.Semer);
        writer.WriteNumber("irer", metrics.Irer);
        writer.WriteNumber("domainError", metrics.DomainError);
        writer.WriteNumber("eceAll", metrics.EceAll);
        writer.WriteNumber("eceTop1", metrics.EceTop1);
    }

    private static void WriteBins(Utf8JsonWriter writer, string name, IReadOnlyList<ReliabilityBin> bins)
    {
        writer.WriteStartArray(name);
        foreach (var bin in bins)
        {
            writer.WriteStartObject();
            writer.WriteNumber("lower", bin.Lower);
            writer.WriteNumber("upper", bin.Upper);
            writer.WriteNumber("count", bin.Count);
            writer.WriteNumber("meanProbability", bin.MeanProbability);
            writer.WriteNumber("accuracy", bin.Accuracy);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}

/// <summary>One ranker's corpus metrics plus its per-domain AUC and log-loss.</summary>
internal sealed record EvaluatedRanker(EvaluationReport Report, IReadOnlyDictionary<string, BinaryFigures> Binary);

/// <summary>What an evaluation ran on: the data file and the registry version of each weighted domain.</summary>
internal sealed record EvaluatedData(string Path, string Sha256, IReadOnlyDictionary<string, int> Versions);
