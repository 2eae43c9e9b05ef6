using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Admin;

/// <summary>Mangled weight files (seeded, bounded): every upload answer is 201 or a 4xx problem, never a 500.</summary>
public sealed class WeightUploadFuzzTests : IDisposable
{
    private readonly ApiFactory _factory = ApiFactory.WithAdmin();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Truncated_and_flipped_weight_files_never_reach_the_500_handler()
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
        var original = HandMadeWeights.Bytes("music");
        var random = new Random(4_2026);
        var refused = 0;

        for (var i = 0; i < 200; i++)
        {
            var body = original.ToArray();
            if (i % 2 == 0)
            {
                body = body[..random.Next(body.Length)];
            }
            else
            {
                for (var k = 0; k < 1 + random.Next(3); k++)
                {
                    body[random.Next(body.Length)] = (byte)random.Next(256);
                }
            }

            var response = await client.PutAsync("/v1/domains/music/weights", Requests.Json(body));

            ((int)response.StatusCode).Should().BeLessThan(500, $"upload #{i}");
            refused += response.IsSuccessStatusCode ? 0 : 1;
        }

        _factory.UnhandledExceptions.Should().Be(0);
        refused.Should().BeGreaterThan(100, "the mangling must actually produce invalid files");
    }
}
