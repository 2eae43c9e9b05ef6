using System.Globalization;
using System.Text.Json;
using ReRanker.Core.Metrics;
using Spectre.Console;

namespace ReRanker.Trainer.Segments;

/// <summary>Segment reports as tables (evaluate's table format) and as JSON (<c>--format json</c>).</summary>
internal static class SegmentText
{
    public static Table Table(SegmentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(
            string.Create(CultureInfo.InvariantCulture, $"segments by {report.Key} (whole: {report.Overall.Utterances} utterances, SemER {report.Overall.Semer:0.000})")));
        table.AddColumn("segment");
        foreach (var column in new[] { "utts", "SemER", "95 % CI", "IRER", "95 % CI", "ECE all", "95 % CI", "gap" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var s in report.Segments)
        {
            var small = s.Metrics.Utterances < report.MinimumUtterances ? " (small)" : string.Empty;
            table.AddRow(
                Markup.Escape(s.Value + small), s.Metrics.Utterances.ToString(CultureInfo.InvariantCulture),
                F(s.Metrics.Semer), Range(s.Semer), F(s.Metrics.Irer), Range(s.Irer), F(s.Metrics.EceAll), Range(s.EceAll),
                Signed(s.Metrics.Semer - report.Overall.Semer));
        }

        return table;
    }

    /// <summary>The one line under a table: which segment is worst and by how much.</summary>
    public static string WorstLine(SegmentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.WorstSegment is null
            ? $"no {report.Key} segment has {report.MinimumUtterances} utterances or more"
            : string.Create(CultureInfo.InvariantCulture,
                $"worst {report.Key} segment (of those with ≥ {report.MinimumUtterances} utterances): {report.WorstSegment}, top-1 SemER gap to the whole {Signed(report.WorstGap)}");
    }

    /// <summary>The gate's per-segment lines under its verdict: served and candidate SemER, the candidate's interval, judged or not.</summary>
    public static void WriteComparisons(TextWriter output, SegmentVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(verdict);
        foreach (var c in verdict.Comparisons)
        {
            var judged = c.Candidate.Metrics.Utterances >= verdict.MinimumUtterances ? string.Empty : " (not judged: small)";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {c.Name}: {c.Candidate.Metrics.Utterances} utterances, SemER {c.Candidate.Metrics.Semer:F4} (95 % CI {Range(c.Candidate.Semer)}) vs served {c.Served.Metrics.Semer:F4}, {Signed(c.Increase)}; IRER {F(c.Candidate.Metrics.Irer)}, ECE all {F(c.Candidate.Metrics.EceAll)}{judged}"));
        }

        foreach (var report in verdict.CandidateReports)
        {
            output.WriteLine($"  candidate: {WorstLine(report)}");
        }
    }

    public static void WriteJson(Utf8JsonWriter writer, IReadOnlyList<SegmentReport> reports)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(reports);
        writer.WriteStartObject("segments");
        foreach (var report in reports)
        {
            writer.WriteStartObject(report.Key);
            writer.WriteNumber("minimumUtterances", report.MinimumUtterances);
            if (report.WorstSegment is { } worst)
            {
                writer.WriteString("worst", worst);
                writer.WriteNumber("worstGap", report.WorstGap);
            }
            else
            {
                writer.WriteNull("worst");
                writer.WriteNull("worstGap");
            }

            writer.WriteStartObject("values");
            foreach (var s in report.Segments)
            {
                writer.WriteStartObject(s.Value);
                writer.WriteNumber("utterances", s.Metrics.Utterances);
                writer.WriteNumber("semer", s.Metrics.Semer);
                WriteInterval(writer, "semerCi", s.Semer);
                writer.WriteNumber("irer", s.Metrics.Irer);
                WriteInterval(writer, "irerCi", s.Irer);
                writer.WriteNumber("eceAll", s.Metrics.EceAll);
                WriteInterval(writer, "eceAllCi", s.EceAll);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteInterval(Utf8JsonWriter writer, string name, Interval interval)
    {
        writer.WriteStartArray(name);
        writer.WriteNumberValue(interval.Low);
        writer.WriteNumberValue(interval.High);
        writer.WriteEndArray();
    }

    private static string Range(Interval interval) => $"{F(interval.Low)}–{F(interval.High)}";

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Signed(double value) => value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);
}
