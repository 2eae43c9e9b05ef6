using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReRanker.Api.Tests.Support;
using ReRanker.Core.DecisionLog;

namespace ReRanker.Api.Tests.DecisionLog;

/// <summary>POST /v1/feedback: 202 for every valid body (even an id this replica never served), a 400 naming the field for every bad one.</summary>
public sealed class FeedbackEndpointTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("""{"requestId":"never-served","outcome":"accepted"}""", "accepted")]
    [InlineData("""{"requestId":"r","outcome":"rephrased"}""", "rephrased")]
    [InlineData("""{"requestId":"r","outcome":"barge-in","correction":null}""", "barge-in")]
    [InlineData("""{"requestId":"r","outcome":"abandoned"}""", "abandoned")]
    [InlineData("""{"requestId":"r","outcome":"corrected","correction":{"domain":"play","intent":"play_music","slots":[{"name":"song","value":""}]}}""", "corrected")]
    [InlineData("""{"requestId":"r","outcome":"corrected","correction":{"domain":"play","intent":"play_music"}}""", "corrected")]
    public async Task A_valid_feedback_is_accepted_with_202(string body, string outcome)
    {
        var response = await _factory.CreateClient().PostAsync("/v1/feedback", Requests.Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        answer.GetProperty("outcome").GetString().Should().Be(outcome);
        answer.GetProperty("logged").GetBoolean().Should().BeTrue();
    }

    [Theory]
    [InlineData("""{"outcome":"accepted"}""", "requestId")]
    [InlineData("""{"requestId":"","outcome":"accepted"}""", "requestId")]
    [InlineData("""{"requestId":7,"outcome":"accepted"}""", "requestId")]
    [InlineData("""{"requestId":"r"}""", "outcome")]
    [InlineData("""{"requestId":"r","outcome":"happy"}""", "outcome")]
    [InlineData("""{"requestId":"r","outcome":"Accepted"}""", "outcome")]
    [InlineData("""{"requestId":"r","outcome":"corrected"}""", "correction")]
    [InlineData("""{"requestId":"r","outcome":"accepted","correction":{"domain":"play","intent":"x"}}""", "correction")]
    [InlineData("""{"requestId":"r","outcome":"corrected","correction":{"intent":"x"}}""", "correction.domain")]
    [InlineData("""{"requestId":"r","outcome":"corrected","correction":{"domain":"Play","intent":"x"}}""", "correction.domain")]
    [InlineData("""{"requestId":"r","outcome":"corrected","correction":{"domain":"play"}}""", "correction.intent")]
    [InlineData("""{"requestId":"r","outcome":"corrected","correction":{"domain":"play","intent":""}}""", "correction.intent")]
    [InlineData("""{"requestId":"r","outcome":"corrected","correction":{"domain":"play","intent":"x","slots":[null]}}""", "correction.slots[0]")]
    [InlineData("""{"requestId":"r","outcome":"corrected","correction":{"domain":"play","intent":"x","slots":[{"value":"v"}]}}""", "correction.slots[0].name")]
    [InlineData("""{"requestId":"r","outcome":"corrected","correction":{"domain":"play","intent":"x","slots":[{"name":"a"}]}}""", "correction.slots[0].value")]
    [InlineData("""{"requestId":"r","outcome":"corrected","correction":{"domain":"play","intent":"x","slots":[{"name":"a","value":"v","confidence":1}]}}""", "correction.slots[0].confidence")]
    [InlineData("""{"requestId":"r\u0007","outcome":"accepted"}""", "requestId")]
    [InlineData("""{"requestId":"r","outcome":"corrected","correction":{"domain":"play","intent":"x\n"}}""", "correction.intent")]
    [InlineData("""{"requestId":"r","outcome":"corrected","correction":{"domain":"play","intent":"x","slots":[{"name":"a\u0000","value":"v"}]}}""", "correction.slots[0].name")]
    [InlineData("""{"requestId":"r","outcome":"accepted","extra":1}""", "extra")]
    [InlineData("""{"requestId":"r","outcome":"accepted","outcome":"accepted"}""", "outcome")]
    [InlineData("""{"requestId":"r","outcome":"acc""", "outcome")]
    [InlineData("""[]""", "$")]
    [InlineData("", "$")]
    public async Task A_bad_body_is_a_400_naming_the_field(string body, string field)
    {
        var response = await _factory.CreateClient().PostAsync("/v1/feedback", Requests.Json(body));

        await response.ShouldNameFieldAsync(field);
        _factory.UnhandledExceptions.Should().Be(0);
    }

    [Fact]
    public async Task Overlong_strings_and_too_many_slots_are_refused_by_the_rerank_limits()
    {
        var slots = new JsonArray(Enumerable.Range(0, 51).Select(i => (JsonNode)new JsonObject { ["name"] = $"s{i}", ["value"] = "v" }).ToArray());
        var tooMany = new JsonObject { ["requestId"] = "r", ["outcome"] = "corrected", ["correction"] = new JsonObject { ["domain"] = "play", ["intent"] = "x", ["slots"] = slots } };
        var client = _factory.CreateClient();

        await (await client.PostAsync("/v1/feedback", Requests.Json(tooMany))).ShouldNameFieldAsync("correction.slots");
        await (await client.PostAsync("/v1/feedback", Requests.Json($$"""{"requestId":"{{new string('r', 129)}}","outcome":"accepted"}"""))).ShouldNameFieldAsync("requestId");
    }

    [Fact]
    public async Task A_string_that_is_not_text_is_a_400_not_a_500()
    {
        var response = await _factory.CreateClient().PostAsync("/v1/feedback", Requests.Json("""{"requestId":"\ud800","outcome":"accepted"}"""));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Should().NotBeEmpty();
        _factory.UnhandledExceptions.Should().Be(0);
    }

    [Fact]
    public async Task Body_limits_and_media_type_are_those_of_rerank()
    {
        using var factory = new ApiFactory(settings: new() { ["Reranking:Limits:MaxBodyBytes"] = "1024" });
        var client = factory.CreateClient();

        var large = await client.PostAsync("/v1/feedback", Requests.Json($$"""{"requestId":"r","outcome":"accepted","pad":"{{new string('x', 2000)}}"}"""));
        var text = await client.PostAsync("/v1/feedback", new StringContent("""{"requestId":"r","outcome":"accepted"}""", System.Text.Encoding.UTF8, "text/plain"));

        await large.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await text.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Feedback_is_rate_limited_like_rerank()
    {
        using var factory = new ApiFactory(settings: new() { ["RateLimiting:PermitLimit"] = "2", ["RateLimiting:WindowSeconds"] = "3600" });
        var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.PostAsync("/v1/feedback", Requests.Json("""{"requestId":"r","outcome":"accepted"}"""))).StatusCode);
        }

        statuses.Should().Equal(HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task With_the_log_off_feedback_is_still_accepted_but_not_logged()
    {
        using var factory = new ApiFactory(settings: new() { ["DecisionLog:Path"] = "" });

        var response = await factory.CreateClient().PostAsync("/v1/feedback", Requests.Json("""{"requestId":"r","outcome":"accepted"}"""));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("logged").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_correction_is_stored_with_its_slot_values_hashed_and_the_outcome_named()
    {
        var client = _factory.CreateClient();

        await client.PostAsync("/v1/feedback", Requests.Json(
            """{"requestId":"req-9","outcome":"corrected","correction":{"domain":"play","intent":"play_music","slots":[{"name":"song","value":"mary poppins"}]}}"""));
        var records = await DecisionLogFiles.ReadAsync(_factory, expected: 1);

        var feedback = records.Should().ContainSingle().Which.Should().BeOfType<LoggedFeedback>().Subject;
        feedback.RequestId.Should().Be("req-9");
        feedback.Outcome.Should().Be(FeedbackOutcome.Corrected);
        feedback.Correction!.Slots.Should().ContainSingle().Which.Value.Should().StartWith("hmac:").And.NotContain("mary");
        DecisionLogFiles.AllText(_factory).Should().NotContain("mary poppins");
    }
}
