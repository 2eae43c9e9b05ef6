using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Swagger;

public sealed class SwaggerDocumentTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_document_lists_every_endpoint_with_summaries_and_descriptions()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        var operations = new[]
        {
            ("/v1/rerank", "post"), ("/v1/rerank/batch", "post"), ("/v1/domains", "get"), ("/v1/domains/{domain}", "get"),
            ("/v1/registry/status", "get"), ("/v1/domains/{domain}/weights", "put"), ("/v1/registry/reload", "post"),
            ("/healthz", "get"), ("/readyz", "get"),
        };
        foreach (var (path, method) in operations)
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            operation.GetProperty("summary").GetString().Should().NotBeNullOrEmpty($"{method} {path} needs a summary");
            operation.GetProperty("description").GetString().Should().NotBeNullOrEmpty($"{method} {path} needs a description");
        }
    }

    [Fact]
    public async Task Rerank_documents_its_errors_as_problem_details()
    {
        var responses = (await DocumentAsync()).GetProperty("paths").GetProperty("/v1/rerank").GetProperty("post").GetProperty("responses");

        responses.EnumerateObject().Select(r => r.Name).Should().Contain(["200", "400", "413", "415", "429", "500"]);
        responses.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Rerank_carries_the_ready_example_request()
    {
        var example = (await DocumentAsync()).GetProperty("paths").GetProperty("/v1/rerank").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");

        example.GetProperty("hypotheses").GetArrayLength().Should().BeGreaterThan(1);
    }

    [Fact]
    public async Task The_request_schema_shows_required_fields_and_confidence_ranges()
    {
        var hypothesis = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty("HypothesisInput");

        hypothesis.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should()
            .BeEquivalentTo("domain", "intent", "domainScore", "intentScore", "slotScore");
        hypothesis.GetProperty("properties").GetProperty("domainScore").GetProperty("maximum").GetDouble().Should().Be(1);
    }

    [Fact]
    public async Task Admin_operations_declare_the_api_key_scheme()
    {
        var document = await DocumentAsync();

        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString().Should().Be("X-Api-Key");
        var upload = document.GetProperty("paths").GetProperty("/v1/domains/{domain}/weights").GetProperty("put");
        upload.GetProperty("security")[0].TryGetProperty("ApiKey", out _).Should().BeTrue();
        document.GetProperty("paths").GetProperty("/v1/rerank").GetProperty("post").TryGetProperty("security", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Swagger_ui_is_served_at_swagger()
    {
        var response = await _factory.CreateClient().GetAsync("/swagger/index.html");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("swagger-ui");
    }

    private Task<JsonElement> DocumentAsync() => _factory.CreateClient().GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
}
