using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace ReRanker.Registry.Tests;

/// <summary>A bad file never replaces a good one, and the status says which file and why; half-written files are not errors.</summary>
public sealed class CorruptFileTests : IDisposable
{
    private readonly TempRegistry _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string> CorruptVersions => new()
    {
        { "bad json", "not valid JSON" },
        { "nan weight", "weights['logit.domainScore']: must be a finite number" },
        { "wrong domain inside", "'weather' inside the file does not match its folder 'music'" },
        { "unknown feature", "weights['logit.shoeSize']: unknown feature name" },
    };

    [Theory]
    [MemberData(nameof(CorruptVersions))]
    public async Task A_corrupt_version_3_leaves_version_2_served_and_the_status_names_the_file_and_reason(string corruption, string reason)
    {
        _dir.Write("music", 2);
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root);
        host.Registry.ServedVersion("music").Should().Be(2);

        var bad = _dir.WriteBytes("music", "3.json", Corrupt(corruption));
        await Wait.UntilAsync(() => host.Registry.Domain("music")!.LastError is not null, "the rejection shows in the status");

        host.Registry.ServedVersion("music").Should().Be(2);
        var status = host.Registry.Domain("music")!;
        status.ServedVersion.Should().Be(2);
        status.AvailableVersions.Should().Equal(2);
        status.LastError!.File.Should().Be(bad);
        status.LastError.Reason.Should().Contain(reason);

        // Fixing the file clears the error and serves it.
        _dir.Write("music", 3);
        await Wait.UntilAsync(() => host.Registry.ServedVersion("music") == 3, "the fixed version 3 is served");
        host.Registry.Domain("music")!.LastError.Should().BeNull();
    }

    [Fact]
    public async Task A_file_written_in_two_halves_300_ms_apart_loads_as_valid_with_no_error_left()
    {
        _dir.Write("music", 1);
        // Polling every 100 ms as well as watching guarantees a scan reads the file while it is half-written.
        await using var host = await RegistryHost.StartLocalAsync(_dir.Root, ("Registry:PollInterval", "00:00:00.100"));

        var bytes = TempRegistry.Bytes("music", 2);
        var half = bytes.Length / 2;
        using (var stream = new FileStream(_dir.PathOf("music", 2), FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.Write(bytes, 0, half);
            stream.Flush(flushToDisk: true);
            // The watcher fires now and the registry reads the first half: that must not count as an error.
            await Task.Delay(300);
            stream.Write(bytes, half, bytes.Length - half);
        }

        await Wait.UntilAsync(() => host.Registry.ServedVersion("music") == 2, "version 2 is served");
        var status = host.Registry.Domain("music")!;
        status.LastError.Should().BeNull();
        status.Errors.Should().BeEmpty();
        // Not even transiently: no rejection was logged (an error that was recorded, then cleared, would show here).
        host.Logs.Where(l => l.Level >= LogLevel.Warning).Should().BeEmpty();
    }

    private static byte[] Corrupt(string corruption)
    {
        var valid = Encoding.UTF8.GetString(TempRegistry.Bytes("music", 3));
        return corruption switch
        {
            "bad json" => Encoding.UTF8.GetBytes(valid[..(valid.Length / 2)]),
            "nan weight" => Encoding.UTF8.GetBytes(Regex.Replace(valid, "\"logit.domainScore\": [^,\\n]+", "\"logit.domainScore\": \"NaN\"")),
            "wrong domain inside" => Encoding.UTF8.GetBytes(valid.Replace("\"domain\": \"music\"", "\"domain\": \"weather\"", StringComparison.Ordinal)),
            "unknown feature" => Encoding.UTF8.GetBytes(valid.Replace("\"logit.intentScore\"", "\"logit.shoeSize\"", StringComparison.Ordinal)),
            _ => throw new ArgumentOutOfRangeException(nameof(corruption)),
        };
    }
}
