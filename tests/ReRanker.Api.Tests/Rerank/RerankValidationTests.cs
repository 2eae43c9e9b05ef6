using System.Net;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Rerank;

/// <summary>Every kind of bad field gets a 400 problem naming it, and none reaches the 500 handler.</summary>
public sealed class RerankValidationTests : IDisposable
{
    private const string Good = """{"domain":"music","intent":"play_music","slots":[],"domainScore":0.5,"intentScore":0.5,"slotScore":0.5}""";

    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    public static TheoryData<string, string> BadFields => new()
    {
        // Missing required fields.
        { """{"hypotheses":[{"domain":"music","intent":"x","slots":[],"intentScore":0.5,"slotScore":0.5}]}""", "hypotheses[0].domainScore" },
        { """{"context":{}}""", "hypotheses" },
        { """{"hypotheses":[{"intent":"x","domainScore":0.5,"intentScore":0.5,"slotScore":0.5}]}""", "hypotheses[0].domain" },
        { $$$"""{"hypotheses":[{{{Good}}},{"domain":"music","slots":[],"domainScore":0.5,"intentScore":0.5,"slotScore":0.5}]}""", "hypotheses[1].intent" },
        { """{"hypotheses":[{"domain":"music","intent":"x","slots":[{"value":"a"}],"domainScore":0.5,"intentScore":0.5,"slotScore":0.5}]}""", "hypotheses[0].slots[0].name" },
        // Wrong JSON types.
        { """{"hypotheses":[{"domain":"music","intent":"x","slots":[],"domainScore":"high","intentScore":0.5,"slotScore":0.5}]}""", "hypotheses[0].domainScore" },
        { """{"hypotheses":{"domain":"music"}}""", "hypotheses" },
        { $$$"""{"hypotheses":[{{{Good}}}],"explain":"yes"}""", "explain" },
        { $$$"""{"hypotheses":[{{{Good}}}],"topK":2.5}""", "topK" },
        { $$$"""{"hypotheses":[{{{Good}}}, 7]}""", "hypotheses[1]" },
        { $$$"""{"hypotheses":[{{{Good}}}, null]}""", "hypotheses[1]" },
        { """{"hypotheses":[{"domain":7,"intent":"x","domainScore":0.5,"intentScore":0.5,"slotScore":0.5}]}""", "hypotheses[0].domain" },
        // Numbers out of range, including one that overflows a double to Infinity.
        { """{"hypotheses":[{"domain":"music","intent":"x","domainScore":1.5,"intentScore":0.5,"slotScore":0.5}]}""", "hypotheses[0].domainScore" },
        { """{"hypotheses":[{"domain":"music","intent":"x","domainScore":0.5,"intentScore":-0.01,"slotScore":0.5}]}""", "hypotheses[0].intentScore" },
        { """{"hypotheses":[{"domain":"music","intent":"x","domainScore":0.5,"intentScore":0.5,"slotScore":1e400}]}""", "hypotheses[0].slotScore" },
        { """{"hypotheses":[{"domain":"music","intent":"x","slots":[{"name":"a","value":"b","confidence":2}],"domainScore":0.5,"intentScore":0.5,"slotScore":0.5}]}""", "hypotheses[0].slots[0].confidence" },
        { $$$"""{"hypotheses":[{{{Good}}}],"topK":0}""", "topK" },
        { $$$"""{"hypotheses":[{{{Good}}}],"topK":99999999999}""", "topK" },
        // NaN and Infinity are not JSON; neither as literals nor as strings.
        { """{"hypotheses":[{"domain":"music","intent":"x","domainScore":NaN,"intentScore":0.5,"slotScore":0.5}]}""", "hypotheses[0].domainScore" },
        { """{"hypotheses":[{"domain":"music","intent":"x","domainScore":"Infinity","intentScore":0.5,"slotScore":0.5}]}""", "hypotheses[0].domainScore" },
        // Domain names follow Core's DomainName pattern.
        { """{"hypotheses":[{"domain":"Music!","intent":"x","domainScore":0.5,"intentScore":0.5,"slotScore":0.5}]}""", "hypotheses[0].domain" },
        // Unknown and duplicate fields.
        { $$$"""{"hypotheses":[{{{Good}}}],"topk":1}""", "topk" },
        { """{"hypotheses":[{"domain":"music","domain":"video","intent":"x","domainScore":0.5,"intentScore":0.5,"slotScore":0.5}]}""", "hypotheses[0].domain" },
        // Context must be flat, finite and within limits.
        { $$$"""{"context":{"device":{"type":"phone"}},"hypotheses":[{{{Good}}}]}""", "context.device" },
        { $$$"""{"context":{"tags":["a"]},"hypotheses":[{{{Good}}}]}""", "context.tags" },
        { $$$"""{"context":{"hour":null},"hypotheses":[{{{Good}}}]}""", "context.hour" },
        { $$$"""{"context":{"big":1e999},"hypotheses":[{{{Good}}}]}""", "context.big" },
        { $$$"""{"context":[1,2],"hypotheses":[{{{Good}}}]}""", "context" },
        // Syntax: malformed, truncated, empty, not an object.
        { """{"hypotheses":[{"domain":"music",}]}""", "hypotheses[0]" },
        { """{"hypotheses":[{"domain":"music","intent":"x","domainScore":0.5""", "hypotheses[0].domainScore" },
        { "", "$" },
        { "null", "$" },
        { "[]", "$" },
        { "{} trailing", "$" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_is_a_400_problem_naming_it(string body, string field)
    {
        var response = await _factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(body));

        var messages = await response.ShouldNameFieldAsync(field);
        messages.Should().NotBeEmpty().And.OnlyContain(m => !m.Contains("System.", StringComparison.Ordinal), "no .NET type names leak");
        _factory.UnhandledExceptions.Should().Be(0);
    }

    [Fact]
    public async Task Nesting_deeper_than_the_limit_is_a_400()
    {
        var deep = new string('[', 40) + new string(']', 40);
        var body = $$$"""{"context":{"x":{{{deep}}}},"hypotheses":[{{{Good}}}]}""";

        var response = await _factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(body));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Single().Name.Should().StartWith("context.x");
        _factory.UnhandledExceptions.Should().Be(0);
    }

    [Fact]
    public async Task Invalid_utf8_is_a_400_naming_the_string_that_holds_it_or_the_body()
    {
        var bytes = "{\"hypotheses\":[{\"domain\":\"music\",\"intent\":\"\u00ff\"}]}"u8.ToArray();
        var inString = bytes.Select(b => b == 0xC3 ? (byte)0xFF : b).ToArray();
        byte[] outside = [.. bytes[..^1], 0xFF, (byte)'}'];

        var client = _factory.CreateClient();
        var inStringResponse = await client.PostAsync("/v1/rerank", Requests.Json(inString));
        var outsideResponse = await client.PostAsync("/v1/rerank", Requests.Json(outside));

        (await inStringResponse.ShouldNameFieldAsync("hypotheses[0].intent")).Single().Should().Contain("UTF-8");
        (await outsideResponse.ShouldNameFieldAsync("$")).Single().Should().Contain("UTF-8");
    }

    [Fact]
    public async Task Every_error_of_a_request_is_reported_at_once()
    {
        var body = """{"hypotheses":[{"domain":"BAD","intent":"","domainScore":2,"intentScore":0.5,"slotScore":0.5}],"topK":0}""";

        var response = await _factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(body));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should()
            .BeEquivalentTo("hypotheses[0].domain", "hypotheses[0].intent", "hypotheses[0].domainScore", "topK");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415()
    {
        var content = new StringContent("domain=music", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await _factory.CreateClient().PostAsync("/v1/rerank", content);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }
}
