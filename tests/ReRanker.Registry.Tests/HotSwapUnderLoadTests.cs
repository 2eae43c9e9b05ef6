using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;

namespace ReRanker.Registry.Tests;

/// <summary>CPU-heavy: runs alone, so other tests' load does not eat into the 1 s the issue allows.</summary>
[CollectionDefinition(nameof(HotSwapUnderLoadTests), DisableParallelization = true)]
public sealed class HotSwapCollection;

[Collection(nameof(HotSwapUnderLoadTests))]
public sealed class HotSwapUnderLoadTests(ITestOutputHelper output) : IDisposable
{
    private const int Threads = 8;
    private static readonly TimeSpan Allowed = TimeSpan.FromSeconds(1);

    private readonly TempRegistry _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task While_8_threads_rank_continuously_every_ranking_that_starts_1_s_after_version_2_is_written_uses_it()
    {
        _dir.Write("music", 1);
        // The default 5 s poll interval: within 1 s only the watcher can have noticed the new file.
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);
        IReadOnlyList<Hypothesis> hypotheses =
        [
            new("music", "play_music", [new Slot("artist", "queen", 0.9)], 0.8, 0.7, 0.9),
            new("weather", "query", [], 0.6, 0.5, 1.0),
        ];

        long writtenAt = 0; // Stopwatch timestamp once version 2 is on disk
        long checkedRankings = 0, staleRankings = 0, v1Seen = 0, firstV2At = 0;
        var exceptions = new ConcurrentQueue<Exception>();
        var registry = host.Registry;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            // Counted per thread and added up at the end: shared counters would make the threads fight over a cache line.
            long localChecked = 0, localStale = 0;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var startedAt = Stopwatch.GetTimestamp();
                    var written = Volatile.Read(ref writtenAt);
                    var ranked = Reranker.Rank(hypotheses, RequestContext.Empty, registry.Current);
                    var version = MusicVersion(ranked);
                    if (version == 1 && Volatile.Read(ref v1Seen) == 0)
                    {
                        Interlocked.Exchange(ref v1Seen, 1);
                    }
                    else if (version == 2 && Volatile.Read(ref firstV2At) == 0)
                    {
                        Interlocked.CompareExchange(ref firstV2At, startedAt, 0);
                    }

                    if (written != 0 && Stopwatch.GetElapsedTime(written, startedAt) >= Allowed)
                    {
                        localChecked++;
                        localStale += version == 2 ? 0 : 1;
                    }
                }
                catch (Exception ex)
                {
                    exceptions.Enqueue(ex);
                }

            }

            Interlocked.Add(ref checkedRankings, localChecked);
            Interlocked.Add(ref staleRankings, localStale);
        }) { IsBackground = true }).ToList();
        workers.ForEach(w => w.Start());

        await Wait.UntilAsync(() => Interlocked.Read(ref v1Seen) == 1, "the threads rank with version 1");
        File.WriteAllBytes(_dir.PathOf("music", 2), TempRegistry.Bytes("music", 2));
        Volatile.Write(ref writtenAt, Stopwatch.GetTimestamp());
        // Keep ranking for a second past the 1 s mark, so plenty of rankings fall into the checked window.
        await Wait.UntilAsync(() => Stopwatch.GetElapsedTime(writtenAt) > Allowed * 2, "2 s have passed since the write");
        await stop.CancelAsync();
        workers.ForEach(w => w.Join());
        checkedRankings.Should().BeGreaterThan(1000, "the check must cover many rankings");

        // A figure for the log, not an assertion (timings are for benchmarks): how soon the swap was visible.
        output.WriteLine($"first ranking with version 2 started {Stopwatch.GetElapsedTime(writtenAt, firstV2At).TotalMilliseconds:F0} ms after the write; {checkedRankings} rankings checked");
        foreach (var line in host.Logs.Where(l => l.Timestamp > writtenAt))
        {
            output.WriteLine($"+{Stopwatch.GetElapsedTime(writtenAt, line.Timestamp).TotalMilliseconds:F0} ms {line.Message}");
        }

        exceptions.Should().BeEmpty();
        staleRankings.Should().Be(0, $"all {checkedRankings} rankings that started 1 s or more after the write must use version 2");
        host.Registry.ServedVersion("music").Should().Be(2);
    }

    private static int? MusicVersion(ScoredHypothesis[] ranked)
    {
        foreach (var result in ranked)
        {
            if (result.Index == 0)
            {
                return result.WeightsVersion;
            }
        }

        throw new InvalidOperationException("the music hypothesis is missing from the ranking");
    }
}
