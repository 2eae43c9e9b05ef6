using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using ReRanker.Api.Contracts;
using ReRanker.Api.DecisionLog;
using ReRanker.Api.Json;
using ReRanker.Api.Scoring;
using ReRanker.Api.Settings;
using ReRanker.Api.Validation;
using ReRanker.Core.Scoring;

namespace ReRanker.Benchmarks;

/// <summary>
/// One decision record's cost in the decision log, on the throughput comparison's body (the corpus body closest to
/// 1,600 bytes, as tests/load/make-bodies.py picks it) ranked under the built-in registry. "writer" is what the
/// background writer does per record: hash the slot values, format the JSON line and append it to the segment's
/// buffer (a 64 KiB buffer over a stream that discards, so no system call is counted). "request + writer" adds the
/// request side: the recorder's enqueue and the writer's dequeue of that record. Neither row counts the writer's
/// wake-ups, the fsync every flush interval or the GC cost of records waiting in the queue.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DecisionRecordBenchmarks
{
    private const int SegmentBufferBytes = 64 * 1024;

    private ServiceProvider _services = null!;
    private DecisionRecorder _recorder = null!;
    private DecisionRecordEncoder _encoder = null!;
    private SegmentFiles _segment = null!;
    private ValidatedRerank _validated = null!;
    private Ranking _ranking = null!;
    private DecisionEntry _entry = null!;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        var body = BenchmarkRequest.ThroughputBody();
        var request = RequestBody.Parse(body, ApiJson.RerankRequest).Value!;
        _validated = new RerankRequestValidator(new RequestLimits()).Validate(request).Request!;
        _ranking = RerankScorer.Rank(_validated, BenchmarkRequest.BuiltInRegistry(), UnweightedDomainPolicy.Unweighted);
        _now = DateTimeOffset.UtcNow;
        _entry = new DecisionEntry(_ranking, _validated.Context, UnweightedDomainPolicy.Unweighted, _now);

        var options = new DecisionLogOptions { Path = Path.Combine(Path.GetTempPath(), "reranker-bench-unused"), ReplicaId = "bench" };
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _recorder = new DecisionRecorder(Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        _encoder = new DecisionRecordEncoder(new HmacSlotValues(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()), options.ResolvedReplicaId);
        _segment = new SegmentFiles(options.ResolvedPath, options.ResolvedReplicaId, options, _ => new BufferedStream(Stream.Null, SegmentBufferBytes));
        _encoder.Encode(_entry);
        Console.WriteLine($"// decision record: {_validated.Hypotheses.Count} hypotheses, {_validated.Hypotheses.Sum(h => h.Slots.Count)} slot values, {_encoder.Line.Length} bytes");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _segment.Dispose();
        _encoder.Dispose();
        _services.Dispose();
    }

    [Benchmark(Description = "writer: hash + format + append (one record)")]
    public int Writer()
    {
        _encoder.Encode(_entry);
        _segment.Append(_encoder.Line, _now);
        return _encoder.Line.Length;
    }

    [Benchmark(Description = "request + writer: enqueue, dequeue, hash + format + append")]
    public int RequestAndWriter()
    {
        _recorder.Record(_validated, _ranking, UnweightedDomainPolicy.Unweighted);
        _recorder.Reader.TryRead(out var entry);
        _recorder.Dequeued();
        _encoder.Encode(entry!);
        _segment.Append(_encoder.Line, _now);
        return _encoder.Line.Length;
    }
}
