using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ReRanker.Benchmarks;

// `dotnet run -c Release --project tests/ReRanker.Benchmarks -- --filter '*'` runs every benchmark with
// BenchmarkDotNet's default (wall-clock, separate process) job; any BenchmarkDotNet switch works.
// `-- --check-peers` checks that Core, ML.NET's PredictionEngine and ONNX Runtime give the same probabilities.
// `-- --check-extractor` checks the optimised FeatureExtractor against the unoptimised copy, bit for bit.
// `-- --cpu-clock --filter '*'` times by the thread's CPU time instead (see ThreadCpuClock), in process.
if (args.Contains("--check-peers"))
{
    return ScoringPeers.Check();
}

if (args.Contains("--check-extractor"))
{
    return ExtractorEquivalenceCheck.Run();
}

if (args is ["--profile-loop", var seconds])
{
    return ProfileLoop.Run(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
}

var cpuClock = args.Contains("--cpu-clock");
var config = cpuClock
    ? DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithClock(ThreadCpuClock.Instance)
        .WithWarmupCount(5).WithIterationCount(15).WithId("ThreadCpuTime"))
    : DefaultConfig.Instance;
BenchmarkSwitcher.FromAssembly(typeof(RankBenchmarks).Assembly).Run(args.Where(a => a != "--cpu-clock").ToArray(), config);
return 0;
