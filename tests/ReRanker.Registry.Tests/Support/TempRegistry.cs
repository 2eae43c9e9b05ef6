using ReRanker.Core.Weights;

namespace ReRanker.Registry.Tests;

/// <summary>A registry folder in a fresh temporary directory, with helpers that write real weight files.</summary>
internal sealed class TempRegistry : IDisposable
{
    public TempRegistry()
    {
        Base = Path.Combine(Path.GetTempPath(), "reranker-registry-tests", Guid.NewGuid().ToString("N"));
        Root = Path.Combine(Base, "root");
        Outside = Path.Combine(Base, "outside");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
    }

    /// <summary>Parent of <see cref="Root"/> and <see cref="Outside"/>.</summary>
    public string Base { get; }

    public string Root { get; }

    /// <summary>A sibling folder of the root: nothing in it may ever be read.</summary>
    public string Outside { get; }

    public string PathOf(string domain, int version) => Path.Combine(Root, domain, $"{version}.json");

    public string Write(string domain, int version, double bias = 0) => WriteBytes(domain, $"{version}.json", Bytes(domain, version, bias));

    public string WriteBytes(string domain, string fileName, byte[] bytes)
    {
        Directory.CreateDirectory(Path.Combine(Root, domain));
        var path = Path.Combine(Root, domain, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Pin(string domain, string content) => File.WriteAllText(Path.Combine(Root, domain, "PINNED"), content);

    /// <summary>The bytes of a valid weight file; <paramref name="bias"/> makes versions tell apart by score.</summary>
    public static byte[] Bytes(string domain, int version, double bias = 0) => WeightFileSerializer.Write(WeightFileFor(domain, version, bias));

    public static WeightFile WeightFileFor(string domain, int version, double bias = 0) => new(
        WeightFile.CurrentSchemaVersion,
        domain,
        version,
        bias,
        new Dictionary<string, double> { ["logit.domainScore"] = 1.0, ["logit.intentScore"] = 0.5 },
        new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero),
        new TrainingInfo("handmade", 0, null, "none", 0, 0, 0, new Dictionary<string, double>()));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Base, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
