using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().Should().Be("Healthy");
        body.GetProperty("checks").GetArrayLength().Should().Be(0, "liveness does not depend on the registry");
    }

    [Fact]
    public async Task Healthz_stays_200_while_the_registry_is_not_ready()
    {
        using var factory = new ApiFactory();
        factory.Registry.IsReady = false;

        (await factory.CreateClient().GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK, "a restart would not make the registry ready sooner");
    }

    [Fact]
    public async Task Readyz_is_503_until_the_first_scan_and_200_after()
    {
        using var factory = new ApiFactory();
        factory.Registry.IsReady = false;
        var client = factory.CreateClient();

        var before = await client.GetAsync("/readyz");
        before.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        before.Headers.CacheControl!.NoStore.Should().BeTrue();
        var check = (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").EnumerateArray().Should().ContainSingle().Subject;
        check.GetProperty("name").GetString().Should().Be("registry");
        check.GetProperty("status").GetString().Should().Be("Unhealthy");
        check.GetProperty("description").GetString().Should().Contain("first full scan");

        factory.Registry.IsReady = true;
        var after = await client.GetAsync("/readyz");
        after.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await after.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().Should().Be("Healthy");
        body.GetProperty("checks")[0].GetProperty("description").GetString().Should().Contain("2 domains served");
    }
}
