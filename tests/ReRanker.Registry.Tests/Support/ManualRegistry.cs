using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ReRanker.Registry.Tests;

/// <summary>The real local source and manager with no refresh thread: a test scans by hand and counts every file read.</summary>
internal sealed class ManualRegistry : IDisposable
{
    public ManualRegistry(string root, TimeSpan halfWrittenWindow)
    {
        var options = Options.Create(new RegistryOptions { Path = root, HalfWrittenRetryWindow = halfWrittenWindow, WatchFileSystem = false });
        Source = new RecordingSource(new LocalDirectorySource(options, TimeProvider.System, NullLogger<LocalDirectorySource>.Instance));
        Manager = new WeightRegistryManager(Source, TimeProvider.System, options, NullLogger<WeightRegistryManager>.Instance);
    }

    public WeightRegistryManager Manager { get; }

    public RecordingSource Source { get; }

    public Task<RegistryStatus> ScanAsync() => Manager.ReloadAsync(CancellationToken.None);

    /// <summary>How often files whose path ends with <paramref name="suffix"/> were read.</summary>
    public int Reads(string suffix) => Source.Reads.Count(r => r.EndsWith(suffix, StringComparison.Ordinal));

    public void Dispose()
    {
        Manager.Dispose();
        Source.Dispose();
    }
}
