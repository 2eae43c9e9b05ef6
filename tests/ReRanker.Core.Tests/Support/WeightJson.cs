using System.Text;
using System.Text.Json.Nodes;

namespace ReRanker.Core.Tests.Support;

/// <summary>A valid v1 weight file as a JSON tree, to break one field at a time.</summary>
internal static class WeightJson
{
    public const string Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static JsonObject Valid() => JsonNode.Parse($$"""
        {
          "schemaVersion": 1,
          "domain": "music",
          "version": 2,
          "bias": -0.5,
          "weights": { "logit.domainScore": 1.2, "slots.none": -0.25, "context.deviceType=speaker": 0.3, "context.hour": 0.01 },
          "createdAt": "2026-11-21T10:00:00Z",
          "training": {
            "loss": "combined", "l2": 0.01, "ceWeight": 0.5, "dataSha256": "{{Sha256}}",
            "trainExamples": 1373, "trainHypotheses": 2400, "heldOutExamples": 137,
            "metrics": { "semer": 0.47, "eceAll": 0.018 }, "trainerVersion": "1.0.0", "seed": 42
          }
        }
        """)!.AsObject();

    /// <summary>The valid file with the field at <paramref name="path"/> ("a" or "a.b") set to a value, or removed when <paramref name="remove"/>.</summary>
    public static byte[] With(string path, JsonNode? value, bool remove = false)
    {
        var root = Valid();
        var parts = path.Split('.', 2);
        var parent = parts.Length == 1 ? root : root[parts[0]]!.AsObject();
        var name = parts[^1];
        if (remove)
        {
            parent.Remove(name);
        }
        else
        {
            parent[name] = value;
        }

        return Bytes(root);
    }

    public static byte[] Without(string path) => With(path, null, remove: true);

    /// <summary>The valid file with one weight set to a raw JSON value.</summary>
    public static byte[] WithWeight(string name, JsonNode? value)
    {
        var root = Valid();
        root["weights"]![name] = value;
        return Bytes(root);
    }

    /// <summary>Any JSON value kept as written, including numbers a double cannot hold (1e400).</summary>
    public static JsonNode Raw(string text) => JsonNode.Parse(text)!;

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());
}
