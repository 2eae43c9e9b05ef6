using System.Net;
using System.Text.Json;

namespace ReRanker.Api.Tests.Support;

/// <summary>Checks that a response is RFC 9457 problem details with the expected status and, for validation, the field named.</summary>
internal static class ProblemAssertions
{
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", body);
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.GetProperty("title").GetString().Should().NotBeNullOrEmpty();
        return problem;
    }

    /// <summary>Asserts a 400 whose <c>errors</c> names <paramref name="field"/>; returns that field's messages.</summary>
    public static async Task<string[]> ShouldNameFieldAsync(this HttpResponseMessage response, string field, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var problem = await response.ShouldBeProblemAsync(status);
        var errors = problem.GetProperty("errors");
        errors.TryGetProperty(field, out var messages).Should().BeTrue($"errors should name '{field}' but were {errors}");
        return messages.EnumerateArray().Select(m => m.GetString()!).ToArray();
    }
}
