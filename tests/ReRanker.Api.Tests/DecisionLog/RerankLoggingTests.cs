using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReRanker.Api.Tests.Support;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Model;

namespace ReRanker.Api.Tests.DecisionLog;

/// <summary>Every /v1/rerank request and every valid batch item appends one decision, with what re-scoring it needs.</summary>
// One test reads /metrics, where a parallel test's decision-log meter can show: it runs alone with the metrics collection.
[Collection(ReRanker.Api.Tests.Operations.MetricsCollection.Name)]
public sealed class RerankLoggingTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_rerank_request_logs_its_hypotheses_context_ranking_and_served_versions()
    {
        var response = await _factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(Requests.Valid()));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var served = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()).ToArray();

        var decision = (await DecisionLogFiles.ReadAsync(_factory, expected: 1)).Should().ContainSingle().Which.Should().BeOfType<LoggedDecision>().Subject;

        decision.RequestId.Should().Be("req-1");
        decision.Ranking.Should().Equal(served);
        decision.Versions.Should().BeEquivalentTo(new Dictionary<string, int?> { ["music"] = 1, ["video"] = null, ["weather"] = 3 });
        decision.Context.Entries.Should().Contain(KeyValuePair.Create("deviceType", ContextValue.Of("speaker")));
        decision.Hypotheses.Select(h => (h.Domain, h.Intent, h.DomainScore, h.Slots.Count)).Should().Equal(
            ("music", "play_music", 0.7, 1), ("video", "play_video", 0.9, 1), ("weather", "weather_query", 0.2, 0));
        decision.Hypotheses[0].Slots[0].Should().BeEquivalentTo(new { Name = "song", Confidence = 0.6 });
        decision.Hypotheses[0].Slots[0].Value.Should().Be(decision.Hypotheses[1].Slots[0].Value, "equal values hash equally (SemER compares them)")
            .And.StartWith("hmac:");
        DecisionLogFiles.AllText(_factory).Should().NotContain("mary poppins");
    }

    [Fact]
    public async Task A_request_without_an_id_is_logged_under_the_id_the_response_returned()
    {
        var body = Requests.Valid();
        body.Remove("requestId");

        var response = await _factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(body));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString();

        (await DecisionLogFiles.ReadAsync(_factory, expected: 1)).Should().ContainSingle().Which.RequestId.Should().Be(id);
    }

    [Fact]
    public async Task Each_valid_batch_item_is_one_decision_and_invalid_items_are_none()
    {
        var bad = Requests.Valid();
        bad["hypotheses"]![0]!["domainScore"] = 2;
        var second = Requests.Valid();
        second["requestId"] = "req-2";
        var batch = new JsonObject { ["requests"] = new JsonArray(Requests.Valid(), bad, second) };

        await _factory.CreateClient().PostAsync("/v1/rerank/batch", Requests.Json(batch));

        (await DecisionLogFiles.ReadAsync(_factory, expected: 2)).Select(r => r.RequestId).Should().Equal("req-1", "req-2");
    }

    [Fact]
    public async Task An_invalid_request_is_not_logged()
    {
        var client = _factory.CreateClient();
        var bad = Requests.Valid();
        bad["topK"] = 0;

        await client.PostAsync("/v1/rerank", Requests.Json(bad));
        await client.PostAsync("/v1/rerank", Requests.Json(Requests.Valid()));

        (await DecisionLogFiles.ReadAsync(_factory, expected: 1)).Should().ContainSingle();
    }

    [Fact]
    public async Task The_status_reports_state_replica_key_and_counts()
    {
        using var factory = new ApiFactory(settings: new() { ["DecisionLog:ReplicaId"] = "pod-a" });
        var client = factory.CreateClient();
        await client.PostAsync("/v1/rerank", Requests.Json(Requests.Valid()));
        await DecisionLogFiles.ReadAsync(factory, expected: 1);

        var status = await client.GetFromJsonAsync<JsonElement>("/v1/decision-log/status");

        status.GetProperty("state").GetString().Should().Be("writing");
        status.GetProperty("replica").GetString().Should().Be("pod-a");
        status.GetProperty("keyId").GetString().Should().MatchRegex("^[0-9a-f]{16}$");
        status.GetProperty("written").GetInt64().Should().Be(1);
        status.GetProperty("activeSegment").GetString().Should().StartWith("decisions-pod-a-");
        status.GetProperty("droppedQueueFull").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task The_counts_are_exported_at_metrics_as_the_ReRanker_DecisionLog_meter()
    {
        var client = _factory.CreateClient();
        await client.PostAsync("/v1/rerank", Requests.Json(Requests.Valid()));
        await DecisionLogFiles.ReadAsync(_factory, expected: 1);

        var exposition = await client.GetStringAsync("/metrics");
        for (var attempt = 0; attempt < 50 && PrometheusText.Sum(exposition, "reranker_decision_log_records_written_total") < 1; attempt++)
        {
            // The exporter may serve a scrape it cached a moment ago.
            await Task.Delay(100);
            exposition = await client.GetStringAsync("/metrics");
        }

        PrometheusText.Sum(exposition, "reranker_decision_log_records_written_total", ("otel_scope_name", "ReRanker.DecisionLog")).Should().Be(1);
        exposition.Should().Contain("reranker_decision_log_queue_length");
    }

    [Fact]
    public async Task With_the_path_set_empty_the_log_is_off_and_nothing_is_written()
    {
        using var factory = new ApiFactory(settings: new() { ["DecisionLog:Path"] = "" });
        var client = factory.CreateClient();

        (await client.PostAsync("/v1/rerank", Requests.Json(Requests.Valid()))).StatusCode.Should().Be(HttpStatusCode.OK);
        var status = await client.GetFromJsonAsync<JsonElement>("/v1/decision-log/status");

        status.GetProperty("state").GetString().Should().Be("off");
        status.GetProperty("written").GetInt64().Should().Be(0);
    }
}
