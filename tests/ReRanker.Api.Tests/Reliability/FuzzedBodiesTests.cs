using System.Net;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Reliability;

/// <summary>
/// The regular suite's small version of the fuzz run (tests/load/fuzz.py sends 10,000): 300 broken bodies made
/// from real corpus requests must each get a client error or a 200, never a 5xx, and leave the service serving.
/// </summary>
public sealed class FuzzedBodiesTests : IDisposable
{
    private const int Count = 300;

    private readonly string _registry = CorpusBodies.CopyOfBuiltInRegistry();
    private readonly ApiFactory _factory;

    public FuzzedBodiesTests() => _factory = ApiFactory.WithRealRegistry(_registry);

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_registry, recursive: true);
    }

    [Fact]
    public async Task Three_hundred_fuzzed_bodies_get_no_5xx_and_the_service_answers_normally_afterwards()
    {
        var client = await _factory.CreateReadyClientAsync();
        var valid = CorpusBodies.Take(30);
        var random = new Random(20261121);
        var statuses = new Dictionary<int, int>();
        var serverErrors = new List<string>();

        for (var n = 0; n < Count; n++)
        {
            var kind = n % BodyMutator.KindCount;
            var body = BodyMutator.Mutate(valid[random.Next(valid.Count)], kind, random);
            // Every tenth goes through the batch endpoint, where each item fails on its own.
            var batch = n % 10 == 9;
            using var response = batch
                ? await client.PostAsync("/v1/rerank/batch", Requests.Json([.. "{\"requests\":["u8, .. body, .. "]}"u8]))
                : await client.PostAsync("/v1/rerank", Requests.Json(body));
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500)
            {
                serverErrors.Add($"kind {kind}: {status} {await response.Content.ReadAsStringAsync()}");
            }
        }

        serverErrors.Should().BeEmpty();
        _factory.UnhandledExceptions.Should().Be(0);
        // The mix must really exercise the error paths: most bodies are refused, as a client error.
        statuses.Where(s => s.Key is >= 400 and < 500).Sum(s => s.Value).Should().BeGreaterThan(Count / 2, string.Join(", ", statuses));
        foreach (var body in valid.Take(5))
        {
            using var response = await client.PostAsync("/v1/rerank", Requests.Json(body));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public async Task Each_kind_of_damage_is_a_client_error(int kind)
    {
        // Deep nesting, oversized strings, invalid UTF-8 and truncation can never make a valid request.
        var client = await _factory.CreateReadyClientAsync();
        var valid = CorpusBodies.Take(10);
        var random = new Random(kind);

        for (var n = 0; n < 10; n++)
        {
            using var response = await client.PostAsync("/v1/rerank", Requests.Json(BodyMutator.Mutate(valid[n], kind, random)));
            ((int)response.StatusCode).Should().BeInRange(400, 499, $"kind {kind}, body {n}");
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        }
    }
}
