using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Admin;

public sealed class WeightUploadTests : IDisposable
{
    private readonly ApiFactory _factory = ApiFactory.WithAdmin();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_valid_upload_is_201_with_the_next_version_and_is_served_by_the_next_request()
    {
        var client = AdminClient();
        var upload = HandMadeWeights.For("video", version: 1, bias: 5);

        var response = await client.PutAsync("/v1/domains/video/weights", Requests.Json(Core.Weights.WeightFileSerializer.Write(upload)));

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().Should().Be("/v1/domains/video");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32().Should().Be(1);
        var ranked = await (await client.PostAsync("/v1/rerank", Requests.Json(Requests.Valid()))).Content.ReadFromJsonAsync<JsonElement>();
        var video = ranked.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("domain").GetString() == "video");
        video.GetProperty("scoredBy").GetString().Should().Be("weights");
        video.GetProperty("weightsVersion").GetInt32().Should().Be(1);
        var detail = await client.GetFromJsonAsync<JsonElement>("/v1/domains/video");
        detail.GetProperty("servedVersion").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task An_invalid_weight_file_is_422_with_reasons_by_field_and_changes_nothing()
    {
        var text = Encoding.UTF8.GetString(HandMadeWeights.Bytes("music")).Replace("\"bias\": 0", "\"bias\": \"heavy\"", StringComparison.Ordinal)
            .Replace("logit.domainScore", "logit.unknownFeature", StringComparison.Ordinal);

        var response = await AdminClient().PutAsync("/v1/domains/music/weights", Requests.Json(text));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain(["bias", "weights['logit.unknownFeature']"]);
        _factory.Registry.GetStatus().Domains.Single(d => d.Domain == "music").AvailableVersions.Should().Equal(1);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[1,2]")]
    public async Task A_body_that_is_not_a_weight_file_is_422(string body)
    {
        var response = await AdminClient().PutAsync("/v1/domains/music/weights", Requests.Json(body));

        await response.ShouldNameFieldAsync("$", HttpStatusCode.UnprocessableEntity);
        _factory.UnhandledExceptions.Should().Be(0);
    }

    [Fact]
    public async Task A_file_with_invalid_utf8_is_422_and_never_a_500()
    {
        var bytes = HandMadeWeights.Bytes("music");
        var loss = Encoding.UTF8.GetBytes("handmade");
        var at = bytes.AsSpan().IndexOf(loss);
        bytes[at] = 0xFF;

        var response = await AdminClient().PutAsync("/v1/domains/music/weights", Requests.Json(bytes));

        await response.ShouldNameFieldAsync("$", HttpStatusCode.UnprocessableEntity);
        _factory.UnhandledExceptions.Should().Be(0);
    }

    [Fact]
    public async Task A_file_for_another_domain_is_422_naming_domain()
    {
        var response = await AdminClient().PutAsync("/v1/domains/music/weights", Requests.Json(HandMadeWeights.Bytes("weather")));

        await response.ShouldNameFieldAsync("domain", HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task An_invalid_domain_in_the_route_is_400_naming_domain()
    {
        var response = await AdminClient().PutAsync("/v1/domains/BAD!/weights", Requests.Json(HandMadeWeights.Bytes("music")));

        await response.ShouldNameFieldAsync("domain");
    }

    [Fact]
    public async Task An_upload_over_1_MiB_is_413()
    {
        var response = await AdminClient().PutAsync("/v1/domains/music/weights", new UnsizedContent(new byte[(1024 * 1024) + 10]));

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    private HttpClient AdminClient()
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
        return client;
    }
}
