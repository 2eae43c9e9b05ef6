using System.Net.Http.Json;
using System.Text.Json;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Domains;

public sealed class StatusEndpointTests
{
    [Fact]
    public async Task Status_shows_source_readiness_staleness_and_domains()
    {
        using var factory = new ApiFactory();

        var body = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/v1/registry/status");

        body.GetProperty("source").GetString().Should().Be("memory:test");
        body.GetProperty("ready").GetBoolean().Should().BeTrue();
        body.GetProperty("sourceReachable").GetBoolean().Should().BeTrue();
        body.GetProperty("stalenessSeconds").GetDouble().Should().BePositive();
        body.GetProperty("domains").EnumerateArray().Select(d => d.GetProperty("domain").GetString()).Should().Equal("music", "weather");
    }
}
