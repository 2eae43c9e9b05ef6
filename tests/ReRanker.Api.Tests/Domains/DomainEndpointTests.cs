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
    public async Task One_domain_shows_the_privacy_guarantee_of_its_served_weights()
    {
        var music = HandMadeWeights.For("music");
        var training = music.Training with { Loss = "ce" };
        var registry = new FakeWeightRegistry(music with { Training = training with { Privacy = new ReRanker.Core.Weights.PrivacyInfo("objective-perturbation", 1, 0, 20) } }, HandMadeWeights.For("weather"));
        using var factory = new ApiFactory(registry);

        var privacy = (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/v1/domains/music")).GetProperty("weights").GetProperty("training").GetProperty("privacy");
        var weather = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/v1/domains/weather");

        privacy.GetProperty("mechanism").GetString().Should().Be("objective-perturbation");
        privacy.GetProperty("unit").GetString().Should().Be("utterance");
        privacy.GetProperty("epsilon").GetDouble().Should().Be(1);
        privacy.GetProperty("delta").GetDouble().Should().Be(0);
        weather.GetProperty("weights").GetProperty("training").TryGetProperty("privacy", out _).Should().BeFalse("weights trained without privacy claim none");
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
