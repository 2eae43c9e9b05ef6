using System.Net;
using System.Text;
using ReRanker.Api.Swagger;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Rerank;

/// <summary>Mangled bodies (seeded, bounded): every answer is 200 or a 4xx problem, never a 500.</summary>
public sealed class RerankFuzzTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Truncated_flipped_and_spliced_bodies_never_reach_the_500_handler()
    {
        var client = _factory.CreateClient();
        var original = Encoding.UTF8.GetBytes(RerankExampleOperationFilter.Example);
        var random = new Random(20261121);
        var statuses = new HashSet<HttpStatusCode>();

        for (var i = 0; i < 300; i++)
        {
            var body = Mangle(original, random);
            var response = await client.PostAsync(i % 2 == 0 ? "/v1/rerank" : "/v1/rerank/batch", Requests.Json(i % 2 == 0 ? body : Wrap(body)));

            statuses.Add(response.StatusCode);
            ((int)response.StatusCode).Should().BeLessThan(500, $"body #{i}: {Encoding.UTF8.GetString(body)}");
            if (!response.IsSuccessStatusCode)
            {
                response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
            }
        }

        _factory.UnhandledExceptions.Should().Be(0);
        statuses.Should().Contain(HttpStatusCode.BadRequest, "the mangling must actually produce bad bodies");
    }

    private static byte[] Wrap(byte[] item) => [.. "{\"requests\":["u8, .. item, .. "]}"u8];

    private static byte[] Mangle(byte[] original, Random random)
    {
        var bytes = original.ToArray();
        switch (random.Next(5))
        {
            case 0:
                return bytes[..random.Next(bytes.Length)];
            case 1:
                for (var k = 0; k < 1 + random.Next(4); k++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
            case 2:
                var tokens = new[] { "null", "-1", "1e309", "\"x\"", "[]", "{}", "true", "0.5", "\"\\u0000\"", "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]" };
                var text = Encoding.UTF8.GetString(bytes);
                var colon = text.IndexOf(':', random.Next(text.Length));
                if (colon < 0)
                {
                    return bytes;
                }

                var end = text.IndexOfAny([',', '}'], colon);
                return Encoding.UTF8.GetBytes(text[..(colon + 1)] + tokens[random.Next(tokens.Length)] + (end < 0 ? string.Empty : text[end..]));
            case 3:
                var cut = random.Next(bytes.Length);
                return [.. bytes[..cut], .. bytes[random.Next(cut)..]];
            default:
                return bytes;
        }
    }
}
