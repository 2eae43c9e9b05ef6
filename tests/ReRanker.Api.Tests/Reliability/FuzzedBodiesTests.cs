using System.Net;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Reliability;

/// <summary>
/// The regular suite's property test over hostile input (tests/load/fuzz.py sends 10,000 to a running service):
/// real corpus requests, each damaged by every class of <see cref="BodyMutator"/> at random spots, sent alone and
/// as a batch item to the service on the real built-in registry. Every answer is the one its class calls for,
/// none is a 5xx, and the service answers normally afterwards.
/// </summary>
public sealed class FuzzedBodiesTests : IDisposable
{
    /// <summary>Rounds over every class: 12 × 22 classes × 2 requests = 528 requests.</summary>
    private const int Rounds = 12;

    private readonly string _registry = CorpusBodies.CopyOfBuiltInRegistry();
    private readonly ApiFactory _factory;

    public FuzzedBodiesTests() => _factory = ApiFactory.WithRealRegistry(_registry);

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_registry, recursive: true);
    }

    [Fact]
    public async Task Hostile_bodies_of_every_class_get_the_answer_their_class_calls_for_and_never_a_5xx()
    {
        var client = await _factory.CreateReadyClientAsync();
        var valid = CorpusBodies.Take(40);
        var random = new Random(20261121);
        var failures = new List<string>();

        for (var round = 0; round < Rounds; round++)
        {
            foreach (var damage in BodyMutator.All)
            {
                var mutation = BodyMutator.Mutate(valid[random.Next(valid.Count)], damage, random);
                failures.AddRange(await HostileAnswers.CheckAsync(client, mutation, valid[random.Next(valid.Count)]));
            }
        }

        failures.Should().BeEmpty();
        _factory.UnhandledExceptions.Should().Be(0);
        (await client.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var body in valid.Take(5))
        {
            using var response = await client.PostAsync("/v1/rerank", Requests.Json(body));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }
}
