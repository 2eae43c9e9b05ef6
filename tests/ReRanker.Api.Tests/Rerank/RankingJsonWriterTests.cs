using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReRanker.Api.Contracts;
using ReRanker.Api.Json;
using ReRanker.Api.Scoring;
using ReRanker.Api.Settings;
using ReRanker.Api.Tests.Reliability;
using ReRanker.Api.Tests.Support;
using ReRanker.Api.Validation;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;
using ReRanker.Tests.Shared;

namespace ReRanker.Api.Tests.Rerank;

/// <summary>
/// The hand-written response writer must produce exactly the bytes System.Text.Json writes for the contract's
/// records under the API's own HTTP JSON options, or clients would see a different response.
/// </summary>
public sealed class RankingJsonWriterTests : IDisposable
{
    // Characters the encoders treat differently: non-ASCII (kept raw by the relaxed encoder), HTML-sensitive,
    // quotes, backslash, a control character, a line separator and a surrogate pair.
    private const string NeedsEscaping = "café «ü» <b>&'+\"q\" \\ \u0007 \u2028 😀 日本";

    // Ids and names may hold no control character (the validator refuses them), values may.
    private const string NameNeedsEscaping = "café «ü» <b>&'+\"q\" \\ \u2028 😀 日本";

    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private JsonSerializerOptions HttpJson => _factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    [Fact]
    public void Writes_the_same_bytes_as_System_Text_Json_for_every_test_split_body_in_every_variant()
    {
        var builtIn = BuiltInWeights();
        // Half the domains without weights, so that unweighted results (null weightsVersion) and rejections occur.
        var partial = builtIn.Domains.Where((_, i) => i % 2 == 1).ToList().Aggregate(builtIn, (set, domain) => set.Without(domain));
        var compared = 0;
        foreach (var (body, n) in CorpusBodies.Take(int.MaxValue).Select((b, n) => (b, n)))
        {
            var request = Validated(Vary(body, n));
            foreach (var snapshot in new[] { builtIn, partial })
            {
                foreach (var policy in new[] { UnweightedDomainPolicy.Unweighted, UnweightedDomainPolicy.Reject })
                {
                    foreach (var (explain, topK) in new[] { (false, (int?)null), (true, (int?)null), (false, 3), (true, 1) })
                    {
                        var ranking = RerankScorer.Rank(request with { Explain = explain, TopK = topK }, snapshot, policy);
                        ShouldMatchSerializer(ranking, $"body {n}, explain {explain}, topK {topK}, {policy}");
                        compared++;
                    }
                }
            }
        }

        compared.Should().Be(903 * 16, "every test-split body is compared in every variant");
    }

    [Fact]
    public async Task The_rerank_endpoint_answers_with_the_serializer_bytes_and_content_type()
    {
        var body = Requests.Valid();
        body["explain"] = true;
        body["hypotheses"]![0]!["id"] = NameNeedsEscaping;
        body["hypotheses"]![0]!["slots"]![0]!["value"] = NeedsEscaping;

        var response = await _factory.CreateClient().PostAsync("/v1/rerank", Requests.Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("application/json; charset=utf-8");
        var ranking = RerankScorer.Rank(Validated(body), _factory.Registry.Current, UnweightedDomainPolicy.Unweighted);
        var expected = JsonSerializer.SerializeToUtf8Bytes(RerankScorer.ToResponse(ranking), HttpJson.GetTypeInfo(typeof(RerankResponse)));
        Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).Should().Be(Encoding.UTF8.GetString(expected));
    }

    private void ShouldMatchSerializer(Ranking ranking, string because)
    {
        var expected = JsonSerializer.SerializeToUtf8Bytes(RerankScorer.ToResponse(ranking), HttpJson.GetTypeInfo(typeof(RerankResponse)));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RankingResult.WriterOptionsFor(HttpJson)))
        {
            RankingJsonWriter.Write(writer, ranking);
        }

        if (!buffer.WrittenSpan.SequenceEqual(expected))
        {
            Encoding.UTF8.GetString(buffer.WrittenSpan).Should().Be(Encoding.UTF8.GetString(expected), because);
        }
    }

    /// <summary>The corpus has no ids and only ASCII: add ids, strings that need escaping and a missing requestId to some bodies.</summary>
    private static JsonObject Vary(JsonObject body, int n)
    {
        var hypotheses = body["hypotheses"]!.AsArray();
        for (var i = 0; i < hypotheses.Count; i++)
        {
            if ((n + i) % 3 == 0)
            {
                hypotheses[i]!["id"] = n % 2 == 0 ? $"h{i}" : $"{NameNeedsEscaping}{i}";
            }

            if (n % 5 == 0 && hypotheses[i]!["slots"]!.AsArray() is [{ } first, ..])
            {
                first["value"] = NeedsEscaping;
                first.AsObject().Remove("confidence");
            }
        }

        if (n % 7 == 0)
        {
            body.Remove("requestId");
        }
        else if (n % 11 == 0)
        {
            body["requestId"] = NameNeedsEscaping;
        }

        return body;
    }

    private static ValidatedRerank Validated(JsonObject body)
    {
        var (request, field, message) = RequestBody.Parse(Encoding.UTF8.GetBytes(body.ToJsonString()), ApiJson.RerankRequest);
        request.Should().NotBeNull($"{field}: {message}");
        var (validated, errors) = new RerankRequestValidator(new RequestLimits()).Validate(request!);
        validated.Should().NotBeNull(errors is null ? "" : string.Join("; ", errors.Keys));
        return validated!;
    }

    private static WeightSet BuiltInWeights() => new(
        Directory.EnumerateFiles(RepoPaths.BuiltInRegistry, "*.json", SearchOption.AllDirectories)
            .Select(path => WeightFileSerializer.Read(File.ReadAllBytes(path)).File!)
            .GroupBy(file => file.Domain, StringComparer.Ordinal)
            .Select(versions => new DomainWeights(versions.MaxBy(file => file.Version)!)));
}
