using System.Runtime.CompilerServices;

namespace ReRanker.Registry.Tests;

/// <summary>Only the served version and the one served before it stay compiled; every other version's memory is released.</summary>
public sealed class MemoryPolicyTests : IDisposable
{
    private readonly TempRegistry _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Versions_no_longer_served_are_released_except_the_previous_one_which_a_rollback_reuses_without_a_read()
    {
        var recorded = default(RecordingSource);
        await using var host = await RegistryHost.StartWrappedAsync(
            [("Registry:Path", _dir.Root), ("Registry:PollInterval", "00:00:05")], source => recorded = new RecordingSource(source));
        var served = new List<WeakReference>();
        for (var version = 1; version <= 5; version++)
        {
            _dir.Write("music", version);
            await Wait.UntilAsync(() => host.Registry.ServedVersion("music") == version, $"version {version} is served");
            served.Add(WeakServed(host.Registry));
        }

        Collect();

        served.Take(3).Should().OnlyContain(w => !w.IsAlive, "versions 1 to 3 are neither served nor the previous one");
        served[3].IsAlive.Should().BeTrue("version 4, served before 5, stays compiled for a rollback");
        served[4].IsAlive.Should().BeTrue();

        var readsOf4 = recorded!.Reads.Count(r => r.EndsWith("4.json", StringComparison.Ordinal));
        _dir.Pin("music", "4");
        await Wait.UntilAsync(() => host.Registry.ServedVersion("music") == 4, "the rollback to version 4 is served");
        recorded.Reads.Count(r => r.EndsWith("4.json", StringComparison.Ordinal)).Should().Be(readsOf4, "the previous version is swapped in as it is");
        host.Registry.Current.TryGet("music", out var rolledBack).Should().BeTrue();
        ReferenceEquals(rolledBack, served[3].Target).Should().BeTrue();

        _dir.Pin("music", "2");
        await Wait.UntilAsync(() => host.Registry.ServedVersion("music") == 2, "an older version is read again and served");
    }

    // Not inlined, so no strong reference outlives the call in the test's frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WeakServed(IWeightRegistry registry) =>
        new(registry.Current.TryGet("music", out var weights) ? weights : throw new InvalidOperationException("nothing served"));

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
