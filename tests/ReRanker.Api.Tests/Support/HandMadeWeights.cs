using ReRanker.Core.Weights;

namespace ReRanker.Api.Tests.Support;

/// <summary>Hand-made weight files for tests (loss "handmade": not produced by the trainer).</summary>
internal static class HandMadeWeights
{
    /// <summary>A file that scores mostly by the domain's own domain confidence, plus <paramref name="bias"/>.</summary>
    public static WeightFile For(string domain, int version = 1, double bias = 0, double domainWeight = 1) => new(
        WeightFile.CurrentSchemaVersion,
        domain,
        version,
        bias,
        new Dictionary<string, double>
        {
            ["logit.domainScore"] = domainWeight,
            ["logit.intentScore"] = 0.5,
            ["context.hasScreen"] = 0.25,
        },
        new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
        new TrainingInfo("handmade", 0, null, new string('0', 64), 0, 0, 0, new Dictionary<string, double> { ["semer"] = 0.5 }));

    public static byte[] Bytes(string domain, int version = 1, double bias = 0) => WeightFileSerializer.Write(For(domain, version, bias));

    /// <summary>Writes a registry folder (&lt;root&gt;/&lt;domain&gt;/&lt;version&gt;.json) into a new temporary directory.</summary>
    public static string TemporaryRegistry(params WeightFile[] files)
    {
        var root = Path.Combine(Path.GetTempPath(), "reranker-api-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        foreach (var file in files)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, file.Domain));
            File.WriteAllBytes(Path.Combine(folder.FullName, $"{file.Version}.json"), WeightFileSerializer.Write(file));
        }

        return root;
    }
}
