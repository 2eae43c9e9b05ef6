using System.Net;
using System.Text.Json.Nodes;
using ReRanker.Api.Tests.Reliability;
using ReRanker.Api.Tests.Support;
using Xunit.Abstractions;

namespace ReRanker.Api.Tests.Rerank;

/// <summary>
/// The exhaustive counterpart of the random fuzz run: every class of <see cref="BodyMutator"/> at every spot of a
/// request that uses every field (ids, slots, context of each type, topK, explain) it fits, alone and as a batch item.
/// </summary>
public sealed class RerankFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    /// <summary>A request with every field the API reads.</summary>
    private static JsonObject EveryField()
    {
        var body = Requests.Valid();
        body["topK"] = 2;
        body["explain"] = true;
        body["hypotheses"]![0]!["id"] = "h0";
        body["hypotheses"]![1]!["id"] = "h1";
        return body;
    }

    [Fact]
    public async Task Every_class_of_damage_at_every_spot_it_fits_gets_the_answer_its_class_calls_for()
    {
        var client = _factory.CreateClient();
        var valid = EveryField();
        var random = new Random(20261122);
        var failures = new List<string>();
        var sent = 0;

        foreach (var damage in BodyMutator.All)
        {
            var spots = BodyMutator.Spots(valid).Where(s => BodyMutator.Fits(damage, s)).ToList();
            // Damage that needs no spot (truncation, byte flips...), and the costly oversized bodies, a few times each.
            IEnumerable<Spot?> targets = spots.Count == 0 || damage == Damage.OversizedBody
                ? Enumerable.Range(0, 6).Select(_ => spots.Count == 0 ? null : spots[random.Next(spots.Count)])
                : spots;
            foreach (var spot in targets)
            {
                failures.AddRange(await HostileAnswers.CheckAsync(client, BodyMutator.Mutate(valid, damage, spot, random), valid));
                sent += 2;
            }
        }

        output.WriteLine($"{sent} requests (each mutation alone and as a batch item)");
        failures.Should().BeEmpty();
        sent.Should().BeGreaterThan(500, "every spot of every fitting class is tried");
        _factory.UnhandledExceptions.Should().Be(0);
        (await client.PostAsync("/v1/rerank", Requests.Json(valid))).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
