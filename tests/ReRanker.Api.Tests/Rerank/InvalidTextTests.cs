using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Rerank;

/// <summary>
/// Strings that are not text (an unpaired UTF-16 surrogate escape, invalid UTF-8) and names that hold control
/// characters, in every string the rerank endpoints read: a 400 naming the field, never a 500; in a batch, only
/// that item fails.
/// </summary>
public sealed class InvalidTextTests : IDisposable
{
    // "__" marks where the bad text goes; every other string of the body is valid.
    private const string Template = """
        {"requestId":"R","context":{"K":"C","hasScreen":true},
         "hypotheses":[{"id":"I","domain":"D","intent":"N","slots":[{"name":"S","value":"V","confidence":0.5}],
                        "domainScore":0.5,"intentScore":0.5,"slotScore":0.5}]}
        """;

    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    /// <summary>Every string position of a rerank request, as (placeholder, the field the error must name).</summary>
    public static TheoryData<string, string, string> NotText()
    {
        var data = new TheoryData<string, string, string>();
        (string Placeholder, string Field)[] positions =
        [
            ("\"R\"", "requestId"), ("\"C\"", "context.K"), ("\"I\"", "hypotheses[0].id"), ("\"D\"", "hypotheses[0].domain"),
            ("\"N\"", "hypotheses[0].intent"), ("\"S\"", "hypotheses[0].slots[0].name"), ("\"V\"", "hypotheses[0].slots[0].value"),
            // A property name that is not text names the object that holds it.
            ("\"K\"", "context"),
        ];
        foreach (var (placeholder, field) in positions)
        {
            foreach (var escape in new[] { @"\ud800", @"x\udc00", @"\ud800\u0041", @"\udfff\ud800" })
            {
                data.Add(placeholder, $"\"{escape}\"", field);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NotText))]
    public async Task An_unpaired_surrogate_escape_in_any_string_is_a_400_naming_the_field(string placeholder, string replacement, string field)
    {
        var body = Body(placeholder, replacement);

        var response = await _factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(body));

        var messages = await response.ShouldNameFieldAsync(field);
        messages.Should().ContainSingle().Which.Should().Contain("not valid text");
        _factory.UnhandledExceptions.Should().Be(0);
    }

    [Fact]
    public async Task A_property_name_that_is_not_text_names_the_object_that_holds_it()
    {
        var top = Body("\"requestId\"", "\"\\ud800\"");
        var hypothesis = Body("\"intent\"", "\"in\\udc00tent\"");

        var client = _factory.CreateClient();
        var topMessages = await (await client.PostAsync("/v1/rerank", Requests.Json(top))).ShouldNameFieldAsync("$");
        var hypothesisMessages = await (await client.PostAsync("/v1/rerank", Requests.Json(hypothesis))).ShouldNameFieldAsync("hypotheses[0]");

        topMessages.Should().ContainSingle().Which.Should().Contain("property name").And.Contain("not valid text");
        hypothesisMessages.Should().ContainSingle().Which.Should().Contain("property name");
        _factory.UnhandledExceptions.Should().Be(0);
    }

    [Theory]
    [InlineData("\"C\"", "context.K")]
    [InlineData("\"N\"", "hypotheses[0].intent")]
    [InlineData("\"V\"", "hypotheses[0].slots[0].value")]
    [InlineData("\"R\"", "requestId")]
    public async Task Invalid_utf8_in_a_string_is_a_400_naming_the_field(string placeholder, string field)
    {
        var body = Encoding.UTF8.GetBytes(Body(placeholder, "\"__\""));
        var at = body.AsSpan().IndexOf("__"u8);
        byte[] bytes = [.. body[..at], 0xC0, 0xAF, 0xFF, .. body[(at + 2)..]];

        var response = await _factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(bytes));

        var messages = await response.ShouldNameFieldAsync(field);
        messages.Should().ContainSingle().Which.Should().Contain("UTF-8");
    }

    [Theory]
    [InlineData("\"N\"", "hypotheses[0].intent")]
    [InlineData("\"S\"", "hypotheses[0].slots[0].name")]
    [InlineData("\"I\"", "hypotheses[0].id")]
    [InlineData("\"R\"", "requestId")]
    [InlineData("\"K\"", "context.a?b")]
    public async Task A_control_character_in_a_name_is_a_400_naming_the_field(string placeholder, string field)
    {
        var body = Body(placeholder, "\"a\\u0007b\"");

        var response = await _factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(body));

        var messages = await response.ShouldNameFieldAsync(field);
        messages.Should().ContainSingle().Which.Should().MatchRegex("control|printable");
    }

    [Fact]
    public async Task A_control_character_in_a_value_is_text_and_is_echoed_escaped()
    {
        var body = Body("\"V\"", "\"line\\nbreak\"");

        var response = await _factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        result.GetProperty("slots")[0].GetProperty("value").GetString().Should().Be("line\nbreak");
    }

    [Theory]
    [MemberData(nameof(NotText))]
    public async Task In_a_batch_only_the_item_with_bad_text_fails(string placeholder, string replacement, string field)
    {
        var good = Body(placeholder, placeholder);
        var batch = $$"""{"requests":[{{good}},{{Body(placeholder, replacement)}},{{good}}]}""";

        var response = await _factory.CreateClient().PostAsync("/v1/rerank/batch", Requests.Json(batch));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToArray();
        results.Select(r => r.GetProperty("status").GetInt32()).Should().Equal(200, 400, 200);
        results[1].GetProperty("error").GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal($"requests[1].{field}".Replace("requests[1].$", "requests[1]", StringComparison.Ordinal));
        _factory.UnhandledExceptions.Should().Be(0);
    }

    [Fact]
    public async Task In_a_batch_invalid_utf8_fails_only_its_item()
    {
        var good = Encoding.UTF8.GetBytes(Body("\"V\"", "\"V\""));
        var bad = Encoding.UTF8.GetBytes(Body("\"V\"", "\"__\""));
        var at = bad.AsSpan().IndexOf("__"u8);
        byte[] body = [.. "{\"requests\":["u8, .. good, (byte)',', .. bad[..at], 0xFF, .. bad[(at + 2)..], .. "]}"u8];

        var response = await _factory.CreateClient().PostAsync("/v1/rerank/batch", Requests.Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToArray();
        results.Select(r => r.GetProperty("status").GetInt32()).Should().Equal(200, 400);
        results[1].GetProperty("error").GetProperty("errors").EnumerateObject().Single().Name.Should().Be("requests[1].hypotheses[0].slots[0].value");
    }

    private static string Body(string placeholder, string replacement)
    {
        // Placeholders are replaced once, and the domain must stay a valid domain name where it is not the target.
        var body = Template.Replace("\"D\"", placeholder == "\"D\"" ? "\"D\"" : "\"music\"", StringComparison.Ordinal);
        var at = body.IndexOf(placeholder, StringComparison.Ordinal);
        at.Should().BeGreaterThanOrEqualTo(0, placeholder);
        body = string.Concat(body.AsSpan(0, at), replacement, body.AsSpan(at + placeholder.Length));
        return body.Replace("\"D\"", "\"music\"", StringComparison.Ordinal);
    }
}
