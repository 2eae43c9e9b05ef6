using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReRanker.Api.Tests.Support;
using ReRanker.Tests.Shared.Registry;

namespace ReRanker.Api.Tests.RegistryApi;

/// <summary>The API on the hostile folders of <see cref="HostileRegistry"/>: never a 5xx, the served versions of the rule, clear answers to uploads.</summary>
public sealed class HostileRegistryApiTests : IDisposable
{
    private readonly string _base = Directory.CreateTempSubdirectory("reranker-hostile-api-").FullName;
    private readonly IReadOnlyDictionary<string, int?> _expected;
    private readonly ApiFactory _factory;

    public HostileRegistryApiTests()
    {
        var root = Path.Combine(_base, "root");
        var outside = Path.Combine(_base, "outside");
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(outside);
        _expected = HostileRegistry.Create(root, outside);
        _factory = ApiFactory.WithRealRegistry(root, new() { ["Registry:HalfWrittenRetryWindow"] = "00:00:00.300" });
    }

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_base, recursive: true);
    }

    [Fact]
    public async Task The_status_serves_the_rules_versions_and_no_request_about_any_domain_earns_a_5xx()
    {
        var client = await SettledClientAsync();
        var statuses = new List<(string Request, HttpStatusCode Status)>();
        async Task<HttpResponseMessage> Send(string what, Task<HttpResponseMessage> request)
        {
            var response = await request;
            statuses.Add((what, response.StatusCode));
            return response;
        }

        var status = await (await Send("status", client.GetAsync("/v1/registry/status"))).Content.ReadFromJsonAsync<JsonElement>();
        var served = status.GetProperty("domains").EnumerateArray().ToDictionary(
            d => d.GetProperty("domain").GetString()!,
            d => d.GetProperty("servedVersion").ValueKind == JsonValueKind.Null ? (int?)null : d.GetProperty("servedVersion").GetInt32());
        served.Should().Equal(_expected);

        await Send("list", client.GetAsync("/v1/domains"));
        foreach (var domain in _expected.Keys)
        {
            await Send(domain, client.GetAsync($"/v1/domains/{domain}"));
        }

        var hypotheses = new JsonArray(_expected.Keys.Select(d => (JsonNode)Requests.Hypothesis(d, "some_intent", 0.5, 0.5, 0.5)).ToArray());
        var ranked = await Send("rerank", client.PostAsync("/v1/rerank", Requests.Json(new JsonObject { ["requestId"] = "hostile", ["hypotheses"] = hypotheses })));
        await Send("reload", client.PostAsync("/v1/registry/reload", null));

        statuses.Should().OnlyContain(s => (int)s.Status < 500);
        ranked.StatusCode.Should().Be(HttpStatusCode.OK);
        _factory.UnhandledExceptions.Should().Be(0);
    }

    [Fact]
    public async Task Uploads_into_hostile_domains_are_served_or_refused_with_a_4xx_naming_why()
    {
        var client = await SettledClientAsync();

        var pinned = await client.PutAsync("/v1/domains/pin-garbage/weights", Requests.Json(HostileRegistry.Bytes("pin-garbage", 1)));
        var fifo = HostileRegistry.DomainOf(HostileRegistry.Files.Single(f => f.Name == "FIFO"));
        var beside = await client.PutAsync($"/v1/domains/{fifo}/weights", Requests.Json(HostileRegistry.Bytes(fifo, 1)));
        var linked = await client.PutAsync("/v1/domains/linked-copy/weights", Requests.Json(HostileRegistry.Bytes("linked-copy", 1)));

        await pinned.ShouldNameFieldAsync("domain", HttpStatusCode.Conflict);
        beside.StatusCode.Should().Be(HttpStatusCode.Created, "a FIFO beside the domain's files is no obstacle");
        (await beside.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32().Should().Be(3);
        await linked.ShouldNameFieldAsync("domain", HttpStatusCode.Conflict); // it would land in the folder the link points to
        _factory.UnhandledExceptions.Should().Be(0);
    }

    private async Task<HttpClient> SettledClientAsync()
    {
        var client = await _factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var status = await client.GetFromJsonAsync<JsonElement>("/v1/registry/status");
            if (status.GetProperty("domains").EnumerateArray().All(d => d.GetProperty("changing").GetArrayLength() == 0))
            {
                return client;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The registry's files did not all get their verdict within 10 s.");
    }
}
