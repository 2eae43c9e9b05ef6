using ReRanker.Core.Scoring;

namespace ReRanker.Benchmarks;

/// <summary>
/// `-- --profile-loop SECONDS`: ranks the benchmark request in a tight loop for a sampling profiler, e.g.
/// `DOTNET_PerfMapEnabled=1 perf record -e cpu-clock -F 2000 -g dotnet bin/Release/net10.0/ReRanker.Benchmarks.dll --profile-loop 20`
/// (software clock events: this VM has no hardware counters). Prints calls per second at the end.
/// </summary>
internal static class ProfileLoop
{
    public static int Run(double seconds)
    {
        var example = BenchmarkRequest.LoadExample();
        var weights = BenchmarkRequest.BuildWeights(example.Hypotheses.Select(h => h.Domain), BenchmarkRequest.TenFeatures);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        long calls = 0;
        var checksum = 0.0;
        while (stopwatch.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < 10_000; i++)
            {
                checksum += Reranker.Rank(example.Hypotheses, example.Context, weights)[0].Score;
            }

            calls += 10_000;
        }

        Console.WriteLine($"{calls / stopwatch.Elapsed.TotalSeconds:F0} rankings/s (wall), checksum {checksum:F3}");
        return 0;
    }
}
