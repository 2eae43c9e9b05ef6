using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Admin;

/// <summary>Uploads through the real registry (AddWeightRegistry on a temporary folder), end to end.</summary>
public sealed class UploadEndToEndTests : IDisposable
{
    private readonly string _root = HandMadeWeights.TemporaryRegistry(HandMadeWeights.For("music"));
    private readonly ApiFactory _factory;

    public UploadEndToEndTests() => _factory = ApiFactory.WithRealRegistry(_root);

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task An_uploaded_file_is_served_by_the_next_request_and_shown_in_the_domain()
    {
        var client = await AdminClientAsync();

        var upload = await client.PutAsync("/v1/domains/video/weights", Requests.Json(HandMadeWeights.Bytes("video", bias: 3)));

        upload.StatusCode.Should().Be(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
        var version = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
        var ranked = await (await client.PostAsync("/v1/rerank", Requests.Json(Requests.Valid()))).Content.ReadFromJsonAsync<JsonElement>();
        var video = ranked.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("domain").GetString() == "video");
        video.GetProperty("scoredBy").GetString().Should().Be("weights");
        video.GetProperty("weightsVersion").GetInt32().Should().Be(version);
        var detail = await client.GetFromJsonAsync<JsonElement>("/v1/domains/video");
        detail.GetProperty("servedVersion").GetInt32().Should().Be(version);
        detail.GetProperty("weights").GetProperty("bias").GetDouble().Should().Be(3);
        File.Exists(Path.Combine(_root, "video", $"{version}.json")).Should().BeTrue();
    }

    [Fact]
    public async Task A_second_upload_becomes_the_next_version()
    {
        var client = await AdminClientAsync();

        var upload = await client.PutAsync("/v1/domains/music/weights", Requests.Json(HandMadeWeights.Bytes("music", bias: 1)));

        upload.StatusCode.Should().Be(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
        (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32().Should().Be(2);
        (await client.GetFromJsonAsync<JsonElement>("/v1/domains/music")).GetProperty("servedVersion").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task An_invalid_upload_is_422_and_the_good_version_keeps_serving()
    {
        var client = await AdminClientAsync();
        var broken = Encoding.UTF8.GetString(HandMadeWeights.Bytes("music")).Replace("\"handmade\"", "\"magic\"", StringComparison.Ordinal);

        var upload = await client.PutAsync("/v1/domains/music/weights", Requests.Json(broken));

        await upload.ShouldNameFieldAsync("training.loss", HttpStatusCode.UnprocessableEntity);
        Directory.GetFiles(Path.Combine(_root, "music")).Select(Path.GetFileName).Should().Equal("1.json");
        (await client.GetFromJsonAsync<JsonElement>("/v1/domains/music")).GetProperty("servedVersion").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task An_upload_that_would_get_a_number_the_registry_never_reads_is_409_naming_version_never_201()
    {
        File.WriteAllBytes(Path.Combine(_root, "music", "999999999.json"), HandMadeWeights.Bytes("music", version: 999_999_999));
        var client = await AdminClientAsync();

        var upload = await client.PutAsync("/v1/domains/music/weights", Requests.Json(HandMadeWeights.Bytes("music")));

        await upload.ShouldNameFieldAsync("version", HttpStatusCode.Conflict);
        Directory.GetFiles(Path.Combine(_root, "music")).Should().HaveCount(2);
    }

    [Fact]
    public async Task Reload_returns_the_real_status()
    {
        var client = await AdminClientAsync();

        var response = await client.PostAsync("/v1/registry/reload", null);

        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        status.GetProperty("ready").GetBoolean().Should().BeTrue();
        status.GetProperty("domains").EnumerateArray().Select(d => d.GetProperty("domain").GetString()).Should().Contain("music");
    }

    private async Task<HttpClient> AdminClientAsync()
    {
        var client = await _factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
        return client;
    }
}
