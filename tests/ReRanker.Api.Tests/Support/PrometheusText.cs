using System.Globalization;
using System.Text.RegularExpressions;

namespace ReRanker.Api.Tests.Support;

/// <summary>Reads samples out of a Prometheus text exposition (the body of GET /metrics).</summary>
internal static partial class PrometheusText
{
    /// <summary>The sum of every sample of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>; 0 when none.</summary>
    public static double Sum(string exposition, string metric, params (string Name, string Value)[] labels) =>
        Samples(exposition, metric).Where(s => labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).Sum(s => s.Value);

    /// <summary>Every sample of one metric name, with its labels.</summary>
    public static IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)> Samples(string exposition, string metric) =>
        exposition.Split('\n')
            .Where(line => !line.StartsWith('#'))
            .Select(line => SampleLine().Match(line))
            .Where(m => m.Success && m.Groups["name"].Value == metric)
            .Select(m => ((IReadOnlyDictionary<string, string>)LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value),
                double.Parse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture)))
            .ToList();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)")]
    private static partial Regex SampleLine();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LabelPair();
}
