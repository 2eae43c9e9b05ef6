using System.Net;
using System.Text.Json.Nodes;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Operations;

/// <summary>
/// GET /metrics after traffic: the series an operator watches move. Every check is "moved by at least", measured
/// from a first scrape. Alone in its collection: the OpenTelemetry SDK listens to every meter of a name in the
/// process, and another test host disposing its own "ReRanker.Api" meter meanwhile ends the shared stream.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpointTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Metrics_are_prometheus_text_with_the_services_own_meter_and_the_log_queue()
    {
        var response = await _factory.CreateClient().GetAsync("/metrics");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        var text = await response.Content.ReadAsStringAsync();
        text.Should().Contain("# TYPE reranker_log_events_dropped_total counter");
        PrometheusText.Samples(text, "reranker_log_events_dropped_total").Should().ContainSingle();
        PrometheusText.Samples(text, "reranker_log_queue_events").Should().ContainSingle();
    }

    [Fact]
    public async Task Traffic_moves_the_request_and_per_domain_series()
    {
        var client = _factory.CreateClient();
        var before = await ScrapeAsync(client);
        var misspelt = Requests.Valid();
        misspelt["hypotheses"]![1]!["domain"] = "bookz";

        for (var i = 0; i < 3; i++)
        {
            (await client.PostAsync("/v1/rerank", Requests.Json(Requests.Valid()))).EnsureSuccessStatusCode();
        }

        (await client.PostAsync("/v1/rerank", Requests.Json(misspelt))).EnsureSuccessStatusCode();
        (await client.PostAsync("/v1/rerank/batch", Requests.Json(new JsonObject { ["requests"] = new JsonArray(Requests.Valid()) }))).EnsureSuccessStatusCode();
        (await client.PostAsync("/v1/rerank", Requests.Json("{"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        // ASP.NET Core records a request's duration just after the response is complete: wait (bounded) for the last one.
        var after = await ScrapeUntilAsync(client, text => PrometheusText.Sum(text, "http_server_request_duration_seconds_count", ("http_route", "/v1/rerank"), ("http_response_status_code", "400"))
            > PrometheusText.Sum(before, "http_server_request_duration_seconds_count", ("http_route", "/v1/rerank"), ("http_response_status_code", "400")));

        Moved("http_server_request_duration_seconds_count", ("http_route", "/v1/rerank"), ("http_response_status_code", "200")).Should().BeGreaterThanOrEqualTo(4);
        Moved("http_server_request_duration_seconds_count", ("http_route", "/v1/rerank"), ("http_response_status_code", "400")).Should().BeGreaterThanOrEqualTo(1);
        Moved("http_server_request_duration_seconds_count", ("http_route", "/v1/rerank/batch")).Should().BeGreaterThanOrEqualTo(1);
        // Valid() holds one music, one video and one weather hypothesis; five rankings in all (one a batch item).
        Moved("reranker_hypotheses_total", ("domain", "music"), ("scored_by", "weights")).Should().BeGreaterThanOrEqualTo(5);
        Moved("reranker_hypotheses_total", ("domain", "video"), ("scored_by", "unweighted")).Should().BeGreaterThanOrEqualTo(4);
        Moved("reranker_hypotheses_total", ("domain", "bookz"), ("scored_by", "unweighted")).Should().BeGreaterThanOrEqualTo(1);
        Moved("reranker_unweighted_domain_requests_total", ("domain", "bookz")).Should().BeGreaterThanOrEqualTo(1);
        Moved("reranker_unweighted_domain_requests_total", ("domain", "video")).Should().BeGreaterThanOrEqualTo(4);

        double Moved(string metric, params (string, string)[] labels) => PrometheusText.Sum(after, metric, labels) - PrometheusText.Sum(before, metric, labels);
    }

    [Fact]
    public async Task Rejected_hypotheses_are_counted_as_rejected()
    {
        using var factory = new ApiFactory(settings: new() { ["Reranking:UnweightedDomainPolicy"] = "Reject" });
        var client = factory.CreateClient();
        var before = await ScrapeAsync(client);

        (await client.PostAsync("/v1/rerank", Requests.Json(Requests.Valid()))).EnsureSuccessStatusCode();

        var after = await ScrapeAsync(client);
        (PrometheusText.Sum(after, "reranker_hypotheses_total", ("domain", "video"), ("scored_by", "rejected"))
            - PrometheusText.Sum(before, "reranker_hypotheses_total", ("domain", "video"), ("scored_by", "rejected"))).Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Client_chosen_domain_names_cannot_grow_the_series_without_bound()
    {
        var client = _factory.CreateClient();
        for (var batch = 0; batch < 3; batch++)
        {
            var hypotheses = new JsonArray();
            for (var i = 0; i < 50; i++)
            {
                hypotheses.Add(Requests.Hypothesis($"spam{batch}-{i}", "x", 0.5, 0.5, 0.5));
            }

            (await client.PostAsync("/v1/rerank", Requests.Json(new JsonObject { ["hypotheses"] = hypotheses }))).EnsureSuccessStatusCode();
        }

        var text = await ScrapeAsync(client);
        var domains = PrometheusText.Samples(text, "reranker_unweighted_domain_requests_total").Select(s => s.Labels["domain"]).ToList();
        domains.Count(d => d.StartsWith("spam", StringComparison.Ordinal)).Should().BeLessThanOrEqualTo(100, "at most 100 names of domains without weights, then one shared label");
        domains.Should().Contain("_other");
    }

    [Fact]
    public async Task Registry_series_show_musics_served_version_its_reloads_and_rejections()
    {
        var root = HandMadeWeights.TemporaryRegistry(HandMadeWeights.For("music", version: 2), HandMadeWeights.For("weather", version: 3));
        try
        {
            using var factory = ApiFactory.WithRealRegistry(root, new() { ["Registry:HalfWrittenRetryWindow"] = "00:00:00" });
            var client = await factory.CreateReadyClientAsync();
            for (var i = 0; i < 3; i++)
            {
                (await client.PostAsync("/v1/rerank", Requests.Json(Requests.Valid()))).EnsureSuccessStatusCode();
            }

            var before = await ScrapeAsync(client);
            PrometheusText.Sum(before, "reranker_registry_served_version", ("domain", "music")).Should().Be(2);
            PrometheusText.Sum(before, "reranker_registry_served_version", ("domain", "weather")).Should().Be(3);
            PrometheusText.Sum(before, "reranker_hypotheses_total", ("domain", "music"), ("scored_by", "weights")).Should().BeGreaterThanOrEqualTo(3);
            PrometheusText.Sum(before, "reranker_registry_source_reachable").Should().Be(1);
            PrometheusText.Samples(before, "reranker_registry_staleness_seconds").Should().ContainSingle().Which.Value.Should().BeGreaterThanOrEqualTo(0);
            PrometheusText.Samples(before, "reranker_registry_circuit_state").Should().BeEmpty("the local source has no circuit breaker");

            // A new version is served and counted as a reload; a bad file is one rejection, by reason.
            await File.WriteAllBytesAsync(Path.Combine(root, "music", "4.json"), HandMadeWeights.Bytes("music", 4));
            await File.WriteAllTextAsync(Path.Combine(root, "weather", "5.json"), "{ not a weight file");
            var after = await ScrapeUntilAsync(client, text => PrometheusText.Sum(text, "reranker_registry_served_version", ("domain", "music")) == 4
                && PrometheusText.Sum(text, "reranker_registry_rejected_files_total", ("domain", "weather")) >= 1);

            PrometheusText.Sum(after, "reranker_registry_served_version", ("domain", "music")).Should().Be(4);
            (PrometheusText.Sum(after, "reranker_registry_reloads_total", ("domain", "music")) - PrometheusText.Sum(before, "reranker_registry_reloads_total", ("domain", "music")))
                .Should().BeGreaterThanOrEqualTo(1);
            PrometheusText.Sum(after, "reranker_registry_rejected_files_total", ("domain", "weather"), ("reason", "invalid")).Should().BeGreaterThanOrEqualTo(1);
            PrometheusText.Sum(after, "reranker_registry_served_version", ("domain", "weather")).Should().Be(3, "a bad file never replaces a good one");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<string> ScrapeAsync(HttpClient client) => await client.GetStringAsync("/metrics");

    private static async Task<string> ScrapeUntilAsync(HttpClient client, Func<string, bool> done)
    {
        var text = await ScrapeAsync(client);
        for (var attempt = 0; attempt < 100 && !done(text); attempt++)
        {
            await Task.Delay(50);
            text = await ScrapeAsync(client);
        }

        return text;
    }
}

/// <summary>Tests that read /metrics run alone (see <see cref="MetricsEndpointTests"/>).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}
