using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReRanker.Registry;
using ReRanker.Tests.Shared.Registry;

namespace ReRanker.Benchmarks;

/// <summary>
/// What one cold registry scan costs (a fresh manager, nothing remembered: start-up, or a restart) over 1000 version
/// files of one domain that are all valid, all invalid JSON, or every hostile class of docs/reliability.md in turn
/// (FIFOs, sockets, sparse 4 GiB files, surrogates, …). The three side by side in one run answer "a thousand invalid
/// files cost about what a thousand valid ones do". Files are not changing (no half-written window), so each gets its
/// verdict in this one scan.
/// `dotnet run -c Release --project tests/ReRanker.Benchmarks -- --filter '*RegistryScan*'`
/// </summary>
[MemoryDiagnoser]
public class RegistryScanBenchmarks
{
    private string _root = null!;
    private LocalDirectorySource _source = null!;
    private WeightRegistryManager _manager = null!;

    [Params("valid", "invalid", "hostile")]
    public string Files { get; set; } = "valid";

    [Params(1000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void CreateFolder()
    {
        _root = Directory.CreateTempSubdirectory("reranker-scan-bench-").FullName;
        var folder = Directory.CreateDirectory(Path.Combine(_root, "music")).FullName;
        for (var version = 1; version <= Count; version++)
        {
            var path = Path.Combine(folder, $"{version}.json");
            switch (Files)
            {
                case "valid":
                    File.WriteAllBytes(path, HostileRegistry.Bytes("music", version));
                    break;
                case "invalid":
                    File.WriteAllText(path, HostileRegistry.Text("music", version)[..60]);
                    break;
                default:
                    HostileRegistry.Files[version % HostileRegistry.Files.Count].Make(path);
                    break;
            }
        }
    }

    [IterationSetup]
    public void FreshManager()
    {
        var options = Options.Create(new RegistryOptions { Path = _root, HalfWrittenRetryWindow = TimeSpan.Zero, WatchFileSystem = false });
        _source = new LocalDirectorySource(options, TimeProvider.System, NullLogger<LocalDirectorySource>.Instance);
        _manager = new WeightRegistryManager(_source, TimeProvider.System, options, NullLogger<WeightRegistryManager>.Instance);
    }

    [Benchmark]
    public int ColdScan() => _manager.ReloadAsync(CancellationToken.None).GetAwaiter().GetResult().Domains[0].Errors.Count;

    [IterationCleanup]
    public void DisposeManager()
    {
        _manager.Dispose();
        _source.Dispose();
    }

    [GlobalCleanup]
    public void DeleteFolder() => Directory.Delete(_root, recursive: true);
}
