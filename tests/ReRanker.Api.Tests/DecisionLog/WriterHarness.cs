using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReRanker.Api.DecisionLog;
using ReRanker.Api.Scoring;
using ReRanker.Api.Validation;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;

namespace ReRanker.Api.Tests.DecisionLog;

/// <summary>
/// The decision log's recorder and writer on a temporary folder with a fake clock, without a web host, so tests
/// drive time (flush cadence, rotation, retention) and failures (a stream that fills up) directly.
/// </summary>
internal sealed class WriterHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ILoggerFactory _loggers;
    private readonly FakeLoggerProvider _logProvider = new();
    private bool _started;

    public WriterHarness(Action<DecisionLogOptions>? configure = null, Func<string, Stream>? open = null, FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));
        Root = Directory.CreateTempSubdirectory("reranker-writer-").FullName;
        Options = new DecisionLogOptions { Path = Path.Combine(Root, "log"), ReplicaId = "test-replica" };
        configure?.Invoke(Options);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Meters = _services.GetRequiredService<IMeterFactory>();
        _loggers = LoggerFactory.Create(logging => logging.AddProvider(_logProvider).SetMinimumLevel(LogLevel.Trace));
        Recorder = new DecisionRecorder(Microsoft.Extensions.Options.Options.Create(Options), Time, Meters);
        Writer = new DecisionLogWriter(Recorder, Time, _loggers.CreateLogger<DecisionLogWriter>(), open);
    }

    public string Root { get; }

    public string Folder => Options.ResolvedPath;

    public DecisionLogOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public IMeterFactory Meters { get; }

    /// <summary>Every line the writer logged so far.</summary>
    public IReadOnlyList<FakeLogRecord> Logs => _logProvider.Collector.GetSnapshot();

    public DecisionRecorder Recorder { get; }

    public DecisionLogWriter Writer { get; }

    public async Task StartAsync()
    {
        await Writer.StartAsync(CancellationToken.None);
        _started = true;
        await EventuallyAsync(() => Writer.State != DecisionLogState.Starting, "the writer to start");
    }

    public Task StopAsync()
    {
        _started = false;
        return Writer.StopAsync(CancellationToken.None);
    }

    /// <summary>Queues the decision of a request with these hypotheses (ranked without weights).</summary>
    public Ranking Decide(string requestId, params Hypothesis[] hypotheses)
    {
        var request = new ValidatedRerank(requestId, RequestContext.Empty, hypotheses.Length > 0 ? hypotheses : [Hypothesis("music", "abba")], null, false);
        return Recorder.Record(request, RerankScorer.Rank(request, WeightSet.Empty, UnweightedDomainPolicy.Unweighted), UnweightedDomainPolicy.Unweighted);
    }

    public static Hypothesis Hypothesis(string domain, string slotValue, double score = 0.5) =>
        new(domain, "play", [new Slot("title", slotValue, 0.9)], score, 0.5, 0.5);

    /// <summary>Waits (bounded) until the writer has taken everything off the queue.</summary>
    public Task DrainedAsync() => EventuallyAsync(() => Recorder.QueueLength == 0, "the queue to drain");

    /// <summary>Moves the fake clock and waits (bounded) until the writer has synced what it holds.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        await DrainedAsync();
        Time.Advance(by);
    }

    public string[] Segments() => Directory.Exists(Folder)
        ? [.. Directory.GetFiles(Folder, SegmentName.Prefix + "*").Select(Path.GetFileName).Order(StringComparer.Ordinal)!]
        : [];

    /// <summary>Every record of every segment, in segment order, through Core's reader (as the importer reads them).</summary>
    public async Task<(List<LogRecord> Records, List<SkippedLine> Skipped)> ReadAllAsync()
    {
        var records = new List<LogRecord>();
        var skipped = new List<SkippedLine>();
        foreach (var segment in Segments())
        {
            await using var stream = new FileStream(Path.Combine(Folder, segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            await foreach (var record in SegmentReader.ReadAsync(stream, skipped.Add))
            {
                records.Add(record);
            }
        }

        return (records, skipped);
    }

    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        // Waits for the writer thread, not for time: the fake clock only moves when a test moves it.
        for (var i = 0; i < 3000; i++)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(10);
        }

        condition().Should().BeTrue($"expected {what} within 30 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await StopAsync();
        }

        Writer.Dispose();
        _loggers.Dispose();
        await _services.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
