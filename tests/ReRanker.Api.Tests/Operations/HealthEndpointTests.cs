using System.Net;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Operations;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_is_200_while_the_process_serves()
    {
        using var factory = new ApiFactory();

        var response = await factory.CreateClient().GetAsync("/healthz");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Readyz_is_503_until_the_first_scan_and_200_after()
    {
        using var factory = new ApiFactory();
        factory.Registry.IsReady = false;
        var client = factory.CreateClient();

        await (await client.GetAsync("/readyz")).ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        factory.Registry.IsReady = true;
        (await client.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
