using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Swagger;

/// <summary>Feedback and the decision log's status are in the OpenAPI document, feedback with ready examples that the API accepts.</summary>
public sealed class FeedbackSwaggerTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Feedback_carries_named_examples_each_of_which_the_endpoint_accepts()
    {
        var client = _factory.CreateClient();
        var operation = (await client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json")).GetProperty("paths").GetProperty("/v1/feedback").GetProperty("post");

        operation.GetProperty("description").GetString().Should().Contain("barge-in");
        operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["202", "400", "413", "415", "429"]);
        var examples = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("examples");
        examples.EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("accepted", "barge-in", "corrected");
        foreach (var example in examples.EnumerateObject())
        {
            var response = await client.PostAsync("/v1/feedback", Requests.Json(example.Value.GetProperty("value").GetRawText()));
            response.StatusCode.Should().Be(HttpStatusCode.Accepted, example.Name);
        }
    }

    [Fact]
    public async Task The_decision_log_status_is_documented()
    {
        var paths = (await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json")).GetProperty("paths");

        paths.GetProperty("/v1/decision-log/status").GetProperty("get").GetProperty("summary").GetString().Should().NotBeNullOrEmpty();
    }
}
