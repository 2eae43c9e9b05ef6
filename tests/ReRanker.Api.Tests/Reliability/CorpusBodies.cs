using System.Text.Json.Nodes;
using ReRanker.Tests.Shared;

namespace ReRanker.Api.Tests.Reliability;

/// <summary>Valid /v1/rerank bodies made from the corpus test split (context and hypotheses; no gold, no utterance).</summary>
internal static class CorpusBodies
{
    public static IReadOnlyList<JsonObject> Take(int count) => All().Take(count).ToList();

    /// <summary>The first bodies whose n-best list has a hypothesis of <paramref name="domain"/>.</summary>
    public static IReadOnlyList<JsonObject> WithDomain(string domain, int count) =>
        All().Where(b => b["hypotheses"]!.AsArray().Any(h => h!["domain"]!.GetValue<string>() == domain)).Take(count).ToList();

    private static IEnumerable<JsonObject> All() =>
        File.ReadLines(RepoPaths.Corpus("test.jsonl"))
            .Where(line => line.Length > 0)
            .Select(line =>
            {
                var example = JsonNode.Parse(line)!.AsObject();
                return new JsonObject
                {
                    ["requestId"] = example["id"]!.GetValue<string>(),
                    ["context"] = example["context"]?.DeepClone() ?? new JsonObject(),
                    ["hypotheses"] = example["hypotheses"]!.DeepClone(),
                };
            });

    /// <summary>A copy of the built-in registry (deploy/registry) in a fresh temporary folder that a test may change.</summary>
    public static string CopyOfBuiltInRegistry()
    {
        var root = Path.Combine(Path.GetTempPath(), "reranker-reliability-tests", Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(RepoPaths.BuiltInRegistry, "*.json", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root, Path.GetRelativePath(RepoPaths.BuiltInRegistry, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return root;
    }
}
