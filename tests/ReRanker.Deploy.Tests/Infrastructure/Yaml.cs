using YamlDotNet.RepresentationModel;

namespace ReRanker.Deploy.Tests.Infrastructure;

/// <summary>Reads YAML files strictly (a syntax error throws) and walks their nodes by key or index.</summary>
internal static class Yaml
{
    /// <summary>Every document in the file, each required to be a mapping (a manifest, a workflow).</summary>
    public static IReadOnlyList<YamlMappingNode> LoadDocuments(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents
            .Select(d => d.RootNode as YamlMappingNode
                ?? throw new InvalidDataException($"{path}: a document is not a mapping"))
            .ToList();
    }

    /// <summary>The node at a path of mapping keys and sequence indexes ("0", "1", ...), or null.</summary>
    public static YamlNode? At(this YamlNode node, params string[] path)
    {
        YamlNode? current = node;
        foreach (var step in path)
        {
            current = current switch
            {
                YamlMappingNode map => map.Children.TryGetValue(new YamlScalarNode(step), out var child) ? child : null,
                YamlSequenceNode seq when int.TryParse(step, out var i) && i < seq.Children.Count => seq.Children[i],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    public static string? Scalar(this YamlNode node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.At(path) is YamlSequenceNode seq ? seq.Children.ToList() : [];

    public static string Kind(this YamlMappingNode document) => document.Scalar("kind") ?? "";

    public static string Name(this YamlNode document) => document.Scalar("metadata", "name") ?? "";
}
