using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReRanker.Api.Tests.Reliability;
using ReRanker.Api.Tests.Support;
using ReRanker.Tests.Shared;

namespace ReRanker.Api.Tests.Docs;

/// <summary>
/// docs/api.md's examples are what the service answers: each block marked <c>&lt;!-- example: NAME request --&gt;</c>
/// is sent to the service on a copy of the built-in registry, and the block marked <c>NAME response</c> must be its
/// answer, normalised (numbers with a fraction rounded to 6 decimals, <c>traceId</c> shown as <c>00-…</c>). When the
/// response or the registry changes, the failure prints the new block, and
/// <c>RERANKER_UPDATE_DOCS=1 dotnet test tests/ReRanker.Api.Tests --filter ApiDocExamples</c> rewrites the doc.
/// </summary>
public sealed partial class ApiDocExamplesTests : IDisposable
{
    private const string UpdateVariable = "RERANKER_UPDATE_DOCS";

    private static readonly string DocPath = Path.Combine(RepoPaths.Root, "docs", "api.md");

    private static readonly Dictionary<string, string> Endpoints = new(StringComparer.Ordinal)
    {
        ["rerank"] = "/v1/rerank",
        ["batch"] = "/v1/rerank/batch",
        ["error"] = "/v1/rerank",
    };

    private readonly string _registry = CorpusBodies.CopyOfBuiltInRegistry();
    private readonly ApiFactory _factory;

    public ApiDocExamplesTests() => _factory = ApiFactory.WithRealRegistry(_registry);

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_registry, recursive: true);
    }

    [Fact]
    public async Task Every_documented_response_is_what_the_service_answers_to_the_documented_request()
    {
        var client = await _factory.CreateReadyClientAsync();
        var doc = await File.ReadAllTextAsync(DocPath);
        var blocks = Example().Matches(doc).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["json"], StringComparer.Ordinal);
        blocks.Keys.Should().Contain(Endpoints.Keys.SelectMany(n => new[] { $"{n} request", $"{n} response" }), "every example has its request and its response");

        var stale = new List<(Group Block, string Expected)>();
        foreach (var (name, endpoint) in Endpoints)
        {
            using var response = await client.PostAsync(endpoint, Requests.Json(blocks[$"{name} request"].Value));
            var answered = Format(Normalise(JsonNode.Parse(await response.Content.ReadAsStringAsync())));
            var documented = Format(Normalise(JsonNode.Parse(blocks[$"{name} response"].Value)));
            if (answered != documented)
            {
                stale.Add((blocks[$"{name} response"], answered));
            }
        }

        if (stale.Count > 0 && Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            foreach (var (block, expected) in stale.OrderByDescending(s => s.Block.Index))
            {
                doc = string.Concat(doc.AsSpan(0, block.Index), expected, doc.AsSpan(block.Index + block.Length));
            }

            await File.WriteAllTextAsync(DocPath, doc);
            return;
        }

        stale.Should().BeEmpty(
            $"docs/api.md must show what the service answers; set {UpdateVariable}=1 to rewrite it, or paste:\n" +
            string.Join("\n\n", stale.Select(s => s.Expected)));
    }

    /// <summary>Rounds numbers with a fraction to 6 decimals and hides the per-request trace id.</summary>
    private static JsonNode? Normalise(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    o[key] = key == "traceId" ? "00-…" : Normalise(value?.DeepClone());
                }

                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    a[i] = Normalise(a[i]?.DeepClone());
                }

                return a;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.ToJsonString().IndexOfAny(['.', 'e', 'E']) >= 0:
                return JsonValue.Create(Math.Round(v.GetValue<double>(), 6));
            default:
                return node;
        }
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>JSON as the doc shows it: a value that fits in 100 characters on one line, larger ones one member a line.</summary>
    private static string Format(JsonNode? node, int indent = 0)
    {
        var inline = Inline(node);
        if (node is not (JsonObject or JsonArray) || indent + inline.Length <= 100)
        {
            return inline;
        }

        var pad = new string(' ', indent + 2);
        var members = node is JsonObject o
            ? o.Select(p => $"{pad}{JsonSerializer.Serialize(p.Key, Relaxed)}: {Format(p.Value, indent + 2)}")
            : node.AsArray().Select(item => pad + Format(item, indent + 2));
        var (open, close) = node is JsonObject ? ('{', '}') : ('[', ']');
        return $"{open}\n{string.Join(",\n", members)}\n{new string(' ', indent)}{close}";
    }

    private static string Inline(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(", ", o.Select(p => $"{JsonSerializer.Serialize(p.Key, Relaxed)}: {Inline(p.Value)}")) + "}",
        JsonArray a => "[" + string.Join(", ", a.Select(Inline)) + "]",
        null => "null",
        _ => node.ToJsonString(Relaxed),
    };

    [GeneratedRegex(@"<!-- example: (?<name>[a-z]+ (request|response)) -->\s*```json\n(?<json>.*?)\n```", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Example();
}
