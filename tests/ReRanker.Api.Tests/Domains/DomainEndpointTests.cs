using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Domains;

public sealed class DomainEndpointTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_list_shows_every_domain_with_version_and_training_metadata()
    {
        var body = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/v1/domains");

        var domains = body.GetProperty("domains").EnumerateArray().ToArray();
        domains.Select(d => d.GetProperty("domain").GetString()).Should().Equal("music", "weather");
        var weather = domains[1];
        weather.GetProperty("servedVersion").GetInt32().Should().Be(3);
        weather.GetProperty("weights").GetProperty("training").GetProperty("loss").GetString().Should().Be("handmade");
        weather.GetProperty("weights").GetProperty("training").GetProperty("metrics").GetProperty("semer").GetDouble().Should().Be(0.5);
        weather.GetProperty("weights").TryGetProperty("features", out _).Should().BeFalse("the list stays small; features are in the detail");
    }

    [Fact]
    public async Task One_domain_includes_its_feature_weights()
    {
        var body = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/v1/domains/music");

        body.GetProperty("domain").GetString().Should().Be("music");
        body.GetProperty("weights").GetProperty("features").GetProperty("logit.domainScore").GetDouble().Should().Be(1);
        body.GetProperty("availableVersions").EnumerateArray().Select(v => v.GetInt32()).Should().Equal(1);
    }

    [Fact]
    public async Task An_unknown_domain_is_a_404_problem()
    {
        var response = await _factory.CreateClient().GetAsync("/v1/domains/cooking");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_invalid_domain_name_is_a_400_naming_domain()
    {
        var response = await _factory.CreateClient().GetAsync("/v1/domains/Not%20Valid");

        await response.ShouldNameFieldAsync("domain");
    }
}
