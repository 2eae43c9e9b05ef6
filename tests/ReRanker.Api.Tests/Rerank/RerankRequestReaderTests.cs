using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReRanker.Api.Contracts;
using ReRanker.Api.Json;
using ReRanker.Api.Tests.Reliability;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Rerank;

/// <summary>
/// The fast rerank reader either gives exactly the objects System.Text.Json gives under the API's read options, or
/// leaves the body to it (null); it never accepts what the serializer refuses. Corpus bodies take the fast path.
/// </summary>
public sealed class RerankRequestReaderTests
{
    [Fact]
    public void Every_corpus_body_is_read_by_the_fast_reader_into_what_the_serializer_reads()
    {
        var bodies = CorpusBodies.Take(int.MaxValue);
        foreach (var body in bodies)
        {
            var utf8 = Encoding.UTF8.GetBytes(body.ToJsonString());
            var fast = RerankRequestReader.TryRead(utf8);
            fast.Should().NotBeNull(body["requestId"]!.GetValue<string>());
            Canonical(fast!).Should().Be(Canonical(JsonSerializer.Deserialize(utf8, ApiJson.RerankRequest)!));
        }

        bodies.Count.Should().BeGreaterThan(800);
    }

    [Theory]
    [InlineData("""{"hypotheses":[{"domain":"music","intent":"play","domainScore":0.5,"intentScore":0.5,"slotScore":0.5,"domain":"books"}]}""")]
    [InlineData("""{"hypotheses":[],"unknown":1}""")]
    [InlineData("""{"hypotheses":[{"dom\u0061in":"music"}]}""")]
    [InlineData("""{"requestId":"\ud800","hypotheses":[]}""")]
    [InlineData("""{"hypotheses":[{"domainScore":"0.5"}]}""")]
    [InlineData("""{"hypotheses":[{"domainScore":1e400}]}""")]
    [InlineData("""{"topK":1.0,"hypotheses":[]}""")]
    [InlineData("""{"topK":99999999999,"hypotheses":[]}""")]
    [InlineData("""{"explain":"yes","hypotheses":[]}""")]
    [InlineData("""{"context":{"a":1,"a":2},"hypotheses":[]}""")]
    [InlineData("""{"context":{"a":{"b":1,"b":2}},"hypotheses":[]}""")]
    [InlineData("""{"context":{"a":[1]},"hypotheses":[]}""")]
    [InlineData("""{"hypotheses":[1]}""")]
    [InlineData("""{"hypotheses":[{"slots":[{"name":"a","value":"b","extra":1}]}]}""")]
    [InlineData("""{"hypotheses":[]} {}""")]
    [InlineData("""{"hypotheses":[],}""")]
    [InlineData("""[]""")]
    [InlineData("""{"hypotheses":[{"slots":{}}]}""")]
    public void A_body_the_fast_reader_cannot_take_is_left_to_the_serializer(string json)
    {
        RerankRequestReader.TryRead(Encoding.UTF8.GetBytes(json)).Should().BeNull();
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"requestId":null,"context":null,"hypotheses":null,"topK":null,"explain":null}""")]
    [InlineData("""{"hypotheses":[null,{"slots":[null,{"name":null,"value":null,"confidence":null}]}]}""")]
    [InlineData("""{"context":{"s":"x","b":true,"n":-0.0,"z":null,"e":1E-3},"topK":3,"explain":false,"hypotheses":[{"id":"h","domain":"d","intent":"i","slots":[],"domainScore":0,"intentScore":1,"slotScore":0.25}]}""")]
    [InlineData(" \t\n{\"hypotheses\":[]}\n ")]
    public void Shapes_with_nulls_and_every_field_read_the_same_as_the_serializer(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        var fast = RerankRequestReader.TryRead(utf8);
        fast.Should().NotBeNull();
        Canonical(fast!).Should().Be(Canonical(JsonSerializer.Deserialize(utf8, ApiJson.RerankRequest)!));
    }

    [Fact]
    public void A_fuzzed_body_is_either_left_to_the_serializer_or_read_as_it_reads_it()
    {
        var valid = CorpusBodies.Take(40);
        var random = new Random(20261201);
        var taken = 0;
        for (var round = 0; round < 30; round++)
        {
            foreach (var damage in BodyMutator.All)
            {
                var body = BodyMutator.Mutate(valid[random.Next(valid.Count)], damage, random).Body;
                if (body.AsSpan().StartsWith("\uFEFF"u8) || !System.Text.Unicode.Utf8.IsValid(body))
                {
                    continue; // RequestBody drops the mark and refuses invalid UTF-8 before either reader runs
                }

                if (RerankRequestReader.TryRead(body) is not { } fast)
                {
                    continue;
                }

                taken++;
                var act = () => JsonSerializer.Deserialize(body, ApiJson.RerankRequest);
                var slow = act.Should().NotThrow($"the fast reader took {damage}: {Encoding.UTF8.GetString(body)}").Subject;
                Canonical(fast).Should().Be(Canonical(slow!), damage.ToString());
            }
        }

        taken.Should().BeGreaterThan(100, "damage that leaves a well-formed body of the right shape takes the fast path");
    }

    // Every field of the wire objects, context values as their raw JSON, so two readings compare as strings.
    private static string Canonical(RerankRequest request) => new JsonObject
    {
        ["requestId"] = request.RequestId,
        ["context"] = request.Context is null ? null
            : new JsonObject(request.Context.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)JsonValue.Create(e.Value.ValueKind + ":" + e.Value.GetRawText())))),
        ["hypotheses"] = request.Hypotheses is null ? null : new JsonArray([.. request.Hypotheses.Select(Canonical)]),
        ["topK"] = request.TopK,
        ["explain"] = request.Explain,
    }.ToJsonString();

    private static JsonNode? Canonical(HypothesisInput? h) => h is null ? null : new JsonObject
    {
        ["id"] = h.Id,
        ["domain"] = h.Domain,
        ["intent"] = h.Intent,
        ["slots"] = h.Slots is null ? null
            : new JsonArray([.. h.Slots.Select(s => s is null ? null : (JsonNode)new JsonObject { ["name"] = s.Name, ["value"] = s.Value, ["confidence"] = s.Confidence })]),
        ["domainScore"] = h.DomainScore,
        ["intentScore"] = h.IntentScore,
        ["slotScore"] = h.SlotScore,
    };
}
