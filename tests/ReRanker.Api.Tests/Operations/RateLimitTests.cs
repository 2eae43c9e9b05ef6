using System.Net;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Operations;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Over_the_configured_limit_requests_get_a_429_problem_with_retry_after()
    {
        using var factory = new ApiFactory(settings: new() { ["RateLimiting:PermitLimit"] = "2", ["RateLimiting:WindowSeconds"] = "60" });
        var client = factory.CreateClient();

        (await client.GetAsync("/v1/domains")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/v1/domains")).StatusCode.Should().Be(HttpStatusCode.OK);
        var limited = await client.GetAsync("/v1/domains");

        await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.Should().NotBeNull();
        (await client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK, "health probes are never limited");
    }

    [Fact]
    public async Task Rate_limiting_is_off_by_default()
    {
        using var factory = new ApiFactory();
        var client = factory.CreateClient();

        for (var i = 0; i < 30; i++)
        {
            (await client.GetAsync("/v1/domains")).StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }
}
