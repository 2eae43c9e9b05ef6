using System.Globalization;
using System.Security;
using System.Text;
using ReRanker.Core.Metrics;

namespace ReRanker.Trainer.Evaluation;

/// <summary>
/// A reliability diagram as a self-contained SVG: observed accuracy against mean predicted probability per
/// bin, one curve per ranker, the diagonal (perfect calibration), axes with ticks and a legend. Marker
/// area grows with the bin's share of hypotheses, so near-empty bins do not look as important as full ones.
/// </summary>
internal static class ReliabilityPlot
{
    private const int Size = 420;
    private const int Left = 60;
    private const int Top = 40;
    private const int Right = 190;
    private const int Bottom = 50;
    private static readonly string[] Colours = ["#888888", "#1f77b4", "#d62728", "#2ca02c", "#9467bd"];

    public static string Render(string title, IReadOnlyList<(string Name, IReadOnlyList<ReliabilityBin> Bins)> curves)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(curves);
        var width = Left + Size + Right;
        var height = Top + Size + Bottom;
        var svg = new StringBuilder();
        Line(svg, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">");
        Line(svg, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        Line(svg, $"<text x=\"{Left + (Size / 2)}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>");
        Axes(svg);
        Line(svg, $"<line x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(1)}\" y2=\"{Y(1)}\" stroke=\"#444\" stroke-dasharray=\"5,4\"/>");
        for (var c = 0; c < curves.Count; c++)
        {
            Curve(svg, curves[c].Bins, Colours[c % Colours.Length]);
        }

        Legend(svg, curves);
        Line(svg, "</svg>");
        return svg.ToString();
    }

    private static void Axes(StringBuilder svg)
    {
        Line(svg, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Size}\" height=\"{Size}\" fill=\"none\" stroke=\"black\"/>");
        for (var t = 0; t <= 10; t++)
        {
            var v = t / 10.0;
            var label = v.ToString("0.0", CultureInfo.InvariantCulture);
            Line(svg, $"<line x1=\"{X(v)}\" y1=\"{Y(0)}\" x2=\"{X(v)}\" y2=\"{F(Yn(0) + 5)}\" stroke=\"black\"/>");
            Line(svg, $"<text x=\"{X(v)}\" y=\"{F(Yn(0) + 18)}\" text-anchor=\"middle\">{label}</text>");
            Line(svg, $"<line x1=\"{Left - 5}\" y1=\"{Y(v)}\" x2=\"{Left}\" y2=\"{Y(v)}\" stroke=\"black\"/>");
            Line(svg, $"<text x=\"{Left - 8}\" y=\"{F(Yn(v) + 4)}\" text-anchor=\"end\">{label}</text>");
            if (t is > 0 and < 10)
            {
                Line(svg, $"<line x1=\"{X(v)}\" y1=\"{Top}\" x2=\"{X(v)}\" y2=\"{Y(0)}\" stroke=\"#eee\"/>");
                Line(svg, $"<line x1=\"{Left}\" y1=\"{Y(v)}\" x2=\"{Left + Size}\" y2=\"{Y(v)}\" stroke=\"#eee\"/>");
            }
        }

        Line(svg, $"<text x=\"{Left + (Size / 2)}\" y=\"{Top + Size + 40}\" text-anchor=\"middle\">mean predicted probability (bin)</text>");
        Line(svg, $"<text transform=\"translate(18 {Top + (Size / 2)}) rotate(-90)\" text-anchor=\"middle\">observed share exactly right</text>");
    }

    private static void Curve(StringBuilder svg, IReadOnlyList<ReliabilityBin> bins, string colour)
    {
        var total = Math.Max(1, bins.Sum(b => b.Count));
        var points = bins.Where(b => b.Count > 0).ToArray();
        var path = string.Join(" ", points.Select(b => $"{X(b.MeanProbability)},{Y(b.Accuracy)}"));
        Line(svg, $"<polyline points=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>");
        foreach (var bin in points)
        {
            var radius = 2.5 + (9 * Math.Sqrt((double)bin.Count / total));
            Line(svg, $"<circle cx=\"{X(bin.MeanProbability)}\" cy=\"{Y(bin.Accuracy)}\" r=\"{F(radius)}\" fill=\"{colour}\" fill-opacity=\"0.6\"><title>{F(bin.Lower)}–{F(bin.Upper)}: {bin.Count} hypotheses, accuracy {F(bin.Accuracy)}</title></circle>");
        }
    }

    private static void Legend(StringBuilder svg, IReadOnlyList<(string Name, IReadOnlyList<ReliabilityBin> Bins)> curves)
    {
        var x = Left + Size + 15;
        var y = Top + 10;
        Line(svg, $"<line x1=\"{x}\" y1=\"{y}\" x2=\"{x + 25}\" y2=\"{y}\" stroke=\"#444\" stroke-dasharray=\"5,4\"/>");
        Line(svg, $"<text x=\"{x + 32}\" y=\"{y + 4}\">perfectly calibrated</text>");
        for (var c = 0; c < curves.Count; c++)
        {
            y += 22;
            var colour = Colours[c % Colours.Length];
            Line(svg, $"<line x1=\"{x}\" y1=\"{y}\" x2=\"{x + 25}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"2\"/>");
            Line(svg, $"<circle cx=\"{x + 12}\" cy=\"{y}\" r=\"4\" fill=\"{colour}\"/>");
            Line(svg, $"<text x=\"{x + 32}\" y=\"{y + 4}\">{Escape(curves[c].Name)}</text>");
        }
    }

    private static string X(double v) => F(Left + (v * Size));

    private static string Y(double v) => F(Yn(v));

    private static double Yn(double v) => Top + ((1 - v) * Size);

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text);

    private static void Line(StringBuilder svg, string text) => svg.Append(text).Append('\n');
}
