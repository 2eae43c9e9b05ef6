using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ReRanker.Api.Contracts;
using ReRanker.Api.Tests.Support;
using ReRanker.Registry;

namespace ReRanker.Api.Tests.RegistryApi;

/// <summary>
/// The HTTP registry source as the service wires it (IHttpClientFactory + the resilience handler), against a fake
/// message handler: what is retried, what opens the circuit, and what GET /v1/registry/status and /metrics show.
/// In the metrics collection, as every test that reads /metrics.
/// </summary>
[Collection(Operations.MetricsCollection.Name)]
public sealed class HttpSourceResilienceTests : IDisposable
{
    private const string IndexPath = "/registry/index.json";

    private readonly ScriptedRegistryHandler _registry = new();
    private readonly List<IDisposable> _factories = [];

    public void Dispose()
    {
        foreach (var factory in _factories)
        {
            factory.Dispose();
        }

        _registry.Dispose();
    }

    [Fact]
    public async Task A_503_then_200_is_retried_and_the_weights_are_served()
    {
        _registry.Publish(("music", 1));
        _registry.ThenAnswer(IndexPath, HttpStatusCode.ServiceUnavailable);
        var factory = Start(("Registry:PollInterval", "01:00:00")); // one poll: only a retry can make it ready

        var client = await ReadyClientAsync(factory);

        (await StatusAsync(client)).Domains.Should().ContainSingle(d => d.Domain == "music" && d.ServedVersion == 1);
        _registry.Calls(IndexPath).Should().Be(2, "the 503 was retried once, within the one poll");
        var status = await StatusAsync(client);
        status.SourceReachable.Should().BeTrue();
        status.CircuitState.Should().Be("closed");
    }

    [Fact]
    public async Task A_404_is_not_retried_and_does_not_open_the_circuit()
    {
        _registry.IndexStatus = HttpStatusCode.NotFound;
        var factory = Start(("Registry:PollInterval", "01:00:00")); // one poll: the start-up scan
        var client = factory.CreateClient();

        await WaitUntilAsync(client, s => s.SourceError is not null, "the first scan fails");

        _registry.Calls(IndexPath).Should().Be(1, "a 404 is an answer, not a transient failure");
        var status = await StatusAsync(client);
        status.SourceReachable.Should().BeFalse();
        status.SourceError.Should().Contain("404");
        status.CircuitState.Should().Be("closed");
        status.Ready.Should().BeFalse();
    }

    [Fact]
    public async Task Many_404s_and_bad_indexes_never_open_the_circuit()
    {
        _registry.Publish(("music", 1));
        var factory = Start();
        var client = await ReadyClientAsync(factory);

        _registry.IndexStatus = HttpStatusCode.NotFound;
        var before = _registry.Calls(IndexPath);
        await WaitUntilAsync(client, _ => _registry.Calls(IndexPath) >= before + 6, "six polls answered 404");
        _registry.IndexStatus = null;
        _registry.PutIndex("{\"not\": \"an index\"}"u8.ToArray());
        before = _registry.Calls(IndexPath);
        await WaitUntilAsync(client, _ => _registry.Calls(IndexPath) >= before + 6, "six polls of a bad index");

        var status = await StatusAsync(client);
        status.CircuitState.Should().Be("closed");
        status.SourceReachable.Should().BeFalse();
        status.SourceError.Should().Contain("not a valid index");
        status.Domains.Should().ContainSingle(d => d.Domain == "music" && d.ServedVersion == 1, "the last good weights keep serving");
    }

    [Fact]
    public async Task Repeated_5xx_opens_the_circuit_the_status_shows_it_and_the_last_good_weights_keep_serving()
    {
        _registry.Publish(("music", 1));
        var factory = Start(("Registry:Http:BreakerBreakDuration", "00:05:00"));
        var client = await ReadyClientAsync(factory);

        _registry.IndexStatus = HttpStatusCode.InternalServerError;
        // The breaker's state is live; reachability is published when the scan that failed ends.
        await WaitUntilAsync(client, s => s is { CircuitState: "open", SourceReachable: false }, "the circuit opens");

        var status = await StatusAsync(client);
        status.SourceReachable.Should().BeFalse();
        status.Domains.Should().ContainSingle(d => d.Domain == "music" && d.ServedVersion == 1);
        // While open, polls fail fast in the breaker: the server sees no more calls.
        await WaitUntilAsync(client, s => s.SourceError?.Contains("circuit open", StringComparison.Ordinal) == true, "a poll is refused by the open circuit");
        var calls = _registry.Calls(IndexPath);
        await Task.Delay(300); // several poll intervals
        _registry.Calls(IndexPath).Should().Be(calls);
        (await client.PostAsync("/v1/rerank", Requests.Json(Requests.Valid()))).StatusCode.Should().Be(HttpStatusCode.OK);
        var metrics = await client.GetStringAsync("/metrics");
        PrometheusText.Sum(metrics, "reranker_registry_circuit_state", ("state", "open")).Should().Be(1);
        PrometheusText.Sum(metrics, "reranker_registry_circuit_state", ("state", "closed")).Should().Be(0);
        PrometheusText.Sum(metrics, "reranker_registry_source_reachable").Should().Be(0);
        PrometheusText.Sum(metrics, "reranker_registry_served_version", ("domain", "music")).Should().Be(1);
    }

    [Fact]
    public async Task Staleness_is_the_time_since_the_last_successful_poll_on_the_services_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        _registry.Publish(("music", 1));
        var factory = Start(clock, ("Registry:Http:MaxRetryAttempts", "0"));
        var client = await ReadyClientAsync(factory);
        (await StatusAsync(client)).StalenessSeconds.Should().Be(0);

        _registry.IndexStatus = HttpStatusCode.NotFound;
        await WaitUntilAsync(client, s => !s.SourceReachable, "a poll fails");
        clock.Advance(TimeSpan.FromSeconds(30));
        (await StatusAsync(client)).StalenessSeconds.Should().Be(30);
        clock.Advance(TimeSpan.FromSeconds(60));
        var status = await StatusAsync(client);
        status.StalenessSeconds.Should().Be(90);
        status.LastSuccessfulScanAt.Should().Be(clock.Start);

        _registry.IndexStatus = null;
        await WaitUntilAsync(client, s => s.SourceReachable, "the source is read again");
        (await StatusAsync(client)).StalenessSeconds.Should().Be(0);
    }

    private static async Task<RegistryStatusResponse> StatusAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<RegistryStatusResponse>("/v1/registry/status"))!;

    private static async Task WaitUntilAsync(HttpClient client, Func<RegistryStatusResponse, bool> condition, string what)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (condition(await StatusAsync(client)))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Timed out waiting until {what}.");
    }

    private static async Task<HttpClient> ReadyClientAsync(WebApplicationFactory<Program> factory)
    {
        var client = factory.CreateClient();
        await WaitUntilAsync(client, s => s.Ready, "the first scan reads the source");
        return client;
    }

    private WebApplicationFactory<Program> Start(params (string Key, string Value)[] overrides) => Start(null, overrides);

    private WebApplicationFactory<Program> Start(TimeProvider? clock, params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Registry:Source"] = "http",
            ["Registry:Http:IndexUrl"] = ScriptedRegistryHandler.IndexUrl.AbsoluteUri,
            ["Registry:PollInterval"] = "00:00:00.050",
            ["Registry:Http:Timeout"] = "00:00:05",
            ["Registry:Http:MaxRetryAttempts"] = "2",
            ["Registry:Http:RetryBaseDelay"] = "00:00:00.010",
            ["Registry:Http:BreakerMinimumThroughput"] = "4",
            ["Registry:Http:BreakerSamplingDuration"] = "00:00:30",
            ["Registry:Http:BreakerBreakDuration"] = "00:00:30",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var api = ApiFactory.WithRealRegistry(HandMadeWeights.TemporaryRegistry(), settings);
        _factories.Add(api);
        var factory = api.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
        {
            // The fake registry replaces the network under the real client and its resilience handler.
            services.AddHttpClient(RegistryHttpClient.Name).ConfigurePrimaryHttpMessageHandler(() => _registry);
            if (clock is not null)
            {
                services.AddSingleton<TimeProvider>(clock);
            }
        }));
        _factories.Add(factory);
        return factory;
    }
}
