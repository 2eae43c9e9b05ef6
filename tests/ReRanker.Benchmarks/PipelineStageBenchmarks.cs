using System.IO.Pipelines;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using ReRanker.Api.Contracts;
using ReRanker.Api.Infrastructure;
using ReRanker.Api.Json;
using ReRanker.Api.Scoring;
using ReRanker.Api.Settings;
using ReRanker.Api.Validation;
using ReRanker.Core.Scoring;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Parsing;

namespace ReRanker.Benchmarks;

/// <summary>
/// Where a POST /v1/rerank request's microseconds go inside the service's own code, one stage at a time on the
/// throughput comparison's body (the corpus body closest to 1,600 bytes, as tests/load/make-bodies.py picks it),
/// under the built-in registry. Beside them, the bare echo app's whole work (JsonDocument parse + write back)
/// and the request log line's formatting (the log's background writer does it per request). What no row here
/// holds (Kestrel, the middleware, the socket) is what the load script's rerank vs bare echo ratio shows.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PipelineStageBenchmarks
{
    private static readonly MessageTemplate RequestLogTemplate = new MessageTemplateParser().Parse(RequestLog.MessageTemplate);

    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private readonly CompactJsonFormatter _clef = new();
    private readonly StringWriter _logLine = new();
    private readonly RequestLimits _limits = new();
    private byte[] _body = [];
    private RerankRequest _request = null!;
    private ValidatedRerank _validated = null!;
    private Ranking _ranking = null!;
    private WeightSet _weights = WeightSet.Empty;
    private JsonWriterOptions _writerOptions;
    private DefaultHttpContext _http = new();

    [GlobalSetup]
    public void Setup()
    {
        var json = new JsonOptions();
        json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        _writerOptions = RankingResult.WriterOptionsFor(json.SerializerOptions);
        _weights = BenchmarkRequest.BuiltInRegistry();
        _body = BenchmarkRequest.ThroughputBody();
        _request = RequestBody.ParseRerank(_body).Value!;
        _validated = new RerankRequestValidator(_limits).Validate(_request).Request!;
        _ranking = RerankScorer.Rank(_validated, _weights, UnweightedDomainPolicy.Unweighted);
        _http = NewRequest();
    }

    [Benchmark(Description = "read the body (Content-Length known)")]
    public async Task<int> ReadBody()
    {
        _http.Request.Body.Position = 0;
        var (bytes, _) = await RequestBody.ReadJsonBytesAsync(_http.Request, _limits.MaxBodyBytes, CancellationToken.None);
        return bytes!.Value.Length;
    }

    [Benchmark(Description = "parse: UTF-8 check + the fast reader (RerankRequestReader)")]
    public RerankRequest Parse() => RequestBody.ParseRerank(_body).Value!;

    [Benchmark(Description = "for comparison: UTF-8 check + source-generated deserialise (the fallback)")]
    public RerankRequest ParseWithSerializer() => RequestBody.Parse(_body, ApiJson.RerankRequest).Value!;

    [Benchmark(Description = "validate + map to Core records")]
    public int Validate() => new RerankRequestValidator(_limits).Validate(_request).Request!.Hypotheses.Count;

    [Benchmark(Description = "score (RerankScorer.Rank, built-in registry)")]
    public int Score() => RerankScorer.Rank(_validated, _weights, UnweightedDomainPolicy.Unweighted).Count;

    [Benchmark(Description = "write the response (RankingJsonWriter → PipeWriter)")]
    public async Task<long> WriteResponse()
    {
        using (var writer = new Utf8JsonWriter(_pipe.Writer, _writerOptions))
        {
            RankingJsonWriter.Write(writer, _ranking);
        }

        await _pipe.Writer.FlushAsync();
        return await DrainAsync();
    }

    [Benchmark(Description = "all of the above in sequence (the handler's own work)")]
    public async Task<long> Handler()
    {
        _http.Request.Body.Position = 0;
        var (bytes, _) = await RequestBody.ReadJsonBytesAsync(_http.Request, _limits.MaxBodyBytes, CancellationToken.None);
        var request = RequestBody.ParseRerank(bytes!.Value.Span).Value!;
        var validated = new RerankRequestValidator(_limits).Validate(request).Request!;
        var ranking = RerankScorer.Rank(validated, _weights, UnweightedDomainPolicy.Unweighted);
        using (var writer = new Utf8JsonWriter(_pipe.Writer, _writerOptions))
        {
            RankingJsonWriter.Write(writer, ranking);
        }

        await _pipe.Writer.FlushAsync();
        return await DrainAsync();
    }

    [Benchmark(Description = "request log line: build the event + format it as compact JSON")]
    public int RequestLogLine()
    {
        var properties = RequestLog.Properties(_http, "/v1/rerank", 0.42, StatusCodes.Status200OK);
        var logEvent = new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information, null, RequestLogTemplate, properties);
        _logLine.GetStringBuilder().Clear();
        _clef.Format(logEvent, _logLine);
        return _logLine.GetStringBuilder().Length;
    }

    [Benchmark(Baseline = true, Description = "peer: the bare echo app's work (JsonDocument parse + write back)")]
    public async Task<long> BareEcho()
    {
        using (var document = JsonDocument.Parse(_body))
        {
            using var writer = new Utf8JsonWriter(_pipe.Writer);
            document.WriteTo(writer);
        }

        await _pipe.Writer.FlushAsync();
        return await DrainAsync();
    }

    private DefaultHttpContext NewRequest()
    {
        var http = new DefaultHttpContext();
        http.Request.Method = HttpMethods.Post;
        http.Request.ContentType = "application/json";
        http.Request.ContentLength = _body.Length;
        http.Request.Body = new MemoryStream(_body, writable: false);
        return http;
    }

    private ValueTask<long> DrainAsync() => ResponseWritingBenchmarks.DrainAsync(_pipe);
}
