using System.Collections.Concurrent;
using System.Diagnostics;
using ReRanker.Core.Corpus;
using ReRanker.Core.DecisionLog;
using ReRanker.Deploy.Tests.Infrastructure;
using ReRanker.Tests.Shared;
using ReRanker.TrafficLoop;

namespace ReRanker.Deploy.Tests.Traffic;

/// <summary>
/// SIGKILL while the service logs under load: every decision answered more than the sync bound (1 s) before the
/// kill is in the log and readable, and the only unreadable line a segment may have is its torn last one.
/// </summary>
public sealed class CrashConsistencyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("reranker-crash-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_kill_under_load_loses_at_most_the_last_second_and_corrupts_no_earlier_record()
    {
        var log = Path.Combine(_root, "log");
        var bodies = File.ReadLines(RepoPaths.Corpus("test.jsonl")).Take(200).Select((l, i) => CorpusReader.ParseLine(l, i + 1)).ToArray();
        await using var service = await ServiceProcess.StartAsync(Binaries.ApiDll, new Dictionary<string, string>
        {
            ["Registry:Path"] = RepoPaths.BuiltInRegistry,
            ["DecisionLog:Path"] = log,
            ["DecisionLog:ReplicaId"] = "crash",
            // Small segments, so the kill finds several closed ones and an active one.
            ["DecisionLog:SegmentMaxBytes"] = "32768",
        });

        var answered = new ConcurrentQueue<(string Id, long At)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested && n < 100_000; n++)
            {
                var example = bodies[(n * 4 + worker) % bodies.Length];
                var id = $"w{worker}-{n}";
                using var content = new ByteArrayContent(TrafficDriver.RerankBody(example with { Id = id }));
                content.Headers.ContentType = new("application/json");
                try
                {
                    using var response = await service.Client.PostAsync(new Uri("/v1/rerank", UriKind.Relative), content, stop.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        answered.Enqueue((TrafficDriver.RequestIdPrefix + id, clock.ElapsedMilliseconds));
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                {
                    return; // the service is gone
                }
            }
        })).ToArray();

        // Load for a while (several segments, and answers older than the sync bound: a fast machine answers 1500
        // requests in well under a second), then kill it while requests are still being answered.
        while (!LoadedLongEnough(answered, clock.ElapsedMilliseconds) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
        }

        var killedAt = clock.ElapsedMilliseconds;
        await service.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var mustBeThere = answered.Where(a => a.At < killedAt - 1500).Select(a => a.Id).ToHashSet();
        mustBeThere.Should().NotBeEmpty();
        var segments = Directory.GetFiles(log, SegmentName.Prefix + "*").Order(StringComparer.Ordinal).ToArray();
        segments.Length.Should().BeGreaterThan(1);
        var read = new HashSet<string>();
        foreach (var segment in segments)
        {
            var skipped = new List<SkippedLine>();
            await using var stream = File.OpenRead(segment);
            await foreach (var record in SegmentReader.ReadAsync(stream, skipped.Add))
            {
                read.Add(record.RequestId);
            }

            skipped.Where(s => !s.Torn).Should().BeEmpty($"only a torn last line may be unreadable ({Path.GetFileName(segment)})");
        }

        mustBeThere.Except(read).Should().BeEmpty("every decision answered more than 1 s before the kill was synced");
        read.Count.Should().BeGreaterThanOrEqualTo(mustBeThere.Count);
    }

    private static bool LoadedLongEnough(ConcurrentQueue<(string Id, long At)> answered, long now) =>
        answered.Count >= 1500 && answered.TryPeek(out var first) && now - first.At >= 3000;
}
