using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http.Json;
using ReRanker.Api.Contracts;
using ReRanker.Api.Json;
using ReRanker.Api.Scoring;
using ReRanker.Api.Settings;
using ReRanker.Api.Validation;
using ReRanker.Core.Scoring;
using ReRanker.Tests.Shared;

namespace ReRanker.Benchmarks;

/// <summary>
/// The HTTP profile's rerank-only work, per request, over the first 50 test-split bodies (as tests/load sends
/// them): validation and mapping, scoring, and writing the response, the way ASP.NET writes
/// TypedResults.Ok(RerankResponse) (System.Text.Json under the HTTP JSON options, into a PipeWriter) against the
/// hand-written RankingJsonWriter. The echo row writes the request back as /bench/echo does: the yardstick.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ResponseWritingBenchmarks
{
    private const int Bodies = 50;

    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private JsonSerializerOptions _httpJson = null!;
    private JsonWriterOptions _writerOptions;
    private RerankRequest[] _requests = [];
    private ValidatedRerank[] _validated = [];
    private Ranking[] _rankings = [];
    private WeightSet _weights = WeightSet.Empty;
    private RequestLimits _limits = new();

    [GlobalSetup]
    public void Setup()
    {
        // What ServiceCollectionExtensions.AddReRankerApi does to ASP.NET's HTTP JSON options.
        var json = new JsonOptions();
        json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        _httpJson = json.SerializerOptions;
        _writerOptions = RankingResult.WriterOptionsFor(_httpJson);
        _weights = BenchmarkRequest.BuiltInRegistry();
        _requests = File.ReadLines(RepoPaths.Corpus("test.jsonl")).Where(l => l.Length > 0).Take(Bodies)
            .Select(line => JsonSerializer.Deserialize(BodyOf(line), ApiJson.RerankRequest)!).ToArray();
        _validated = _requests.Select(r => new RerankRequestValidator(_limits).Validate(r).Request!).ToArray();
        _rankings = _validated.Select(v => RerankScorer.Rank(v, _weights, UnweightedDomainPolicy.Unweighted)).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Bodies, Description = "validate + map to Core")]
    public int Validate()
    {
        var validator = new RerankRequestValidator(_limits);
        var n = 0;
        foreach (var request in _requests)
        {
            n += validator.Validate(request).Request!.Hypotheses.Count;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = Bodies, Description = "Core ranking (RerankScorer.Rank)")]
    public int Rank()
    {
        var n = 0;
        foreach (var request in _validated)
        {
            n += RerankScorer.Rank(request, _weights, UnweightedDomainPolicy.Unweighted).Count;
        }

        return n;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Bodies, Description = "before: ToResponse + STJ (HTTP options) → PipeWriter")]
    public async Task<long> SerializerToPipe()
    {
        long bytes = 0;
        foreach (var ranking in _rankings)
        {
            await JsonSerializer.SerializeAsync(_pipe.Writer, RerankScorer.ToResponse(ranking), _httpJson.GetTypeInfo(typeof(RerankResponse)));
            bytes += await Drain();
        }

        return bytes;
    }

    [Benchmark(OperationsPerInvoke = Bodies, Description = "ToResponse + STJ fast path (context's own options; escapes non-ASCII)")]
    public long SerializerFastPath()
    {
        long bytes = 0;
        foreach (var ranking in _rankings)
        {
            _buffer.ResetWrittenCount();
            using var writer = new Utf8JsonWriter(_buffer);
            JsonSerializer.Serialize(writer, RerankScorer.ToResponse(ranking), ApiJsonContext.Default.RerankResponse);
            bytes += writer.BytesCommitted + writer.BytesPending;
        }

        return bytes;
    }

    [Benchmark(OperationsPerInvoke = Bodies, Description = "after: RankingJsonWriter → PipeWriter")]
    public async Task<long> HandWriterToPipe()
    {
        long bytes = 0;
        foreach (var ranking in _rankings)
        {
            using (var writer = new Utf8JsonWriter(_pipe.Writer, _writerOptions))
            {
                RankingJsonWriter.Write(writer, ranking);
            }

            await _pipe.Writer.FlushAsync();
            bytes += await Drain();
        }

        return bytes;
    }

    [Benchmark(OperationsPerInvoke = Bodies, Description = "echo: STJ (HTTP options) writes the request → PipeWriter")]
    public async Task<long> EchoToPipe()
    {
        long bytes = 0;
        foreach (var request in _requests)
        {
            await JsonSerializer.SerializeAsync(_pipe.Writer, request, _httpJson.GetTypeInfo(typeof(RerankRequest)));
            bytes += await Drain();
        }

        return bytes;
    }

    private ValueTask<long> Drain() => DrainAsync(_pipe);

    /// <summary>Takes everything written to <paramref name="pipe"/> (as the socket would), returning its length.</summary>
    internal static async ValueTask<long> DrainAsync(Pipe pipe)
    {
        var read = await pipe.Reader.ReadAsync();
        var length = read.Buffer.Length;
        pipe.Reader.AdvanceTo(read.Buffer.End);
        return length;
    }

    /// <summary>A corpus line as the rerank body tests/load/make-bodies.py makes of it (context + hypotheses).</summary>
    internal static byte[] BodyOf(string line)
    {
        using var example = JsonDocument.Parse(line);
        var root = example.RootElement;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("requestId", root.GetProperty("id").GetString());
            writer.WritePropertyName("context");
            (root.TryGetProperty("context", out var context) ? context : JsonDocument.Parse("{}").RootElement).WriteTo(writer);
            writer.WritePropertyName("hypotheses");
            root.GetProperty("hypotheses").WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
