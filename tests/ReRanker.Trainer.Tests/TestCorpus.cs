using ReRanker.Core.Corpus;
using ReRanker.Core.Model;
using ReRanker.Tests.Shared;
using ReRanker.Trainer.Data;

namespace ReRanker.Trainer.Tests;

/// <summary>Small, fast slices of the real corpus, and temporary folders that clean up after themselves.</summary>
internal static class TestCorpus
{
    private static readonly Lazy<IReadOnlyList<string>> TrainLines = new(() => System.IO.File.ReadAllLines(RepoPaths.Corpus("train.jsonl")));

    public static string TrainPath => RepoPaths.Corpus("train.jsonl");

    /// <summary>The first <paramref name="count"/> lines of train.jsonl.</summary>
    public static IReadOnlyList<string> Lines(int count) => TrainLines.Value.Take(count).ToArray();

    public static IReadOnlyList<LabelledExample> Examples(int count) =>
        Lines(count).Select((line, i) => CorpusReader.ParseLine(line, i + 1)).ToArray();

    public static CorpusFile File(int count) => new("train-slice.jsonl", new string('0', 64), Examples(count));

    /// <summary>Writes the first <paramref name="count"/> lines of train.jsonl to a file in <paramref name="folder"/>.</summary>
    public static string WriteSlice(string folder, int count, string name = "slice.jsonl")
    {
        var path = Path.Combine(folder, name);
        System.IO.File.WriteAllLines(path, Lines(count));
        return path;
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "reranker-trainer-tests", Guid.NewGuid().ToString("N"));

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
