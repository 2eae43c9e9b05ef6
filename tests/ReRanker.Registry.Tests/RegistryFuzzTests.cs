using System.Text;
using ReRanker.Tests.Shared.Registry;

namespace ReRanker.Registry.Tests;

/// <summary>
/// A property test over random registry folders: seeded rounds of random version files (valid, every hostile class,
/// random damage to valid files) and random pins, scanned after each round. Whatever the files, every scan finishes,
/// every file is either available or refused with a reason, each domain serves what the served rule gives, and a
/// control domain keeps updating. Bounded: a fixed number of rounds of at most a few dozen files.
/// </summary>
public sealed class RegistryFuzzTests : IDisposable
{
    private const int Rounds = 40;
    private static readonly string[] Domains = ["alpha", "beta", "gamma", "delta"];

    private readonly TempRegistry _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(7)]
    [InlineData(2026)]
    public async Task Whatever_the_files_every_scan_finishes_every_file_gets_a_verdict_and_the_rule_decides(int seed)
    {
        var random = new Random(seed);
        using var registry = new ManualRegistry(_dir.Root, TimeSpan.Zero);
        var expectedValid = Domains.ToDictionary(d => d, _ => new SortedSet<int>());
        var expectedInvalid = Domains.ToDictionary(d => d, _ => new SortedSet<int>());
        var pins = Domains.ToDictionary(d => d, _ => (Text: (string?)null, Version: (int?)null));
        for (var round = 0; round < Rounds; round++)
        {
            var domain = Domains[random.Next(Domains.Length)];
            if (random.Next(6) == 0)
            {
                pins[domain] = WritePin(domain, random);
            }
            else
            {
                var version = random.Next(1, 12);
                var path = _dir.PathOf(domain, version);
                Remove(path);
                expectedValid[domain].Remove(version);
                expectedInvalid[domain].Remove(version);
                switch (WriteVersion(domain, version, path, random))
                {
                    case true: expectedValid[domain].Add(version); break;
                    case false: expectedInvalid[domain].Add(version); break;
                }
            }

            var control = round + 1;
            _dir.Write("control", control);
            var status = await registry.ScanAsync();

            status.SourceReachable.Should().BeTrue();
            status.SourceError.Should().BeNull();
            status.Domains.Single(d => d.Domain == "control").ServedVersion.Should().Be(control, "the other domains keep updating");
            foreach (var name in Domains.Where(d => Directory.Exists(Path.Combine(_dir.Root, d))))
            {
                var state = status.Domains.Single(d => d.Domain == name);
                var listed = Directory.GetFileSystemEntries(Path.Combine(_dir.Root, name))
                    .Select(p => Path.GetFileName(p)).Where(n => RegistryLayout.TryParseVersionFileName(n, out _)).ToList();
                foreach (var file in listed)
                {
                    RegistryLayout.TryParseVersionFileName(file, out var v);
                    var refused = state.Errors.Any(e => e.File == Path.Combine(_dir.Root, name, file) && e.Reason.Length > 0);
                    (state.AvailableVersions.Contains(v) ^ refused).Should().BeTrue($"round {round}: {name}/{file} is either available or refused with a reason");
                }

                expectedValid[name].Except(state.AvailableVersions).Should().BeEmpty($"round {round}: {name}'s valid files are available");
                expectedInvalid[name].Intersect(state.AvailableVersions).Should().BeEmpty($"round {round}: {name}'s hostile files are refused");
                var (rule, _) = ServedRule.Choose(Pin(pins[name]), state.AvailableVersions.ToList());
                state.ServedVersion.Should().Be(rule, $"round {round}: {name} with PINNED '{pins[name].Text}'");
            }
        }
    }

    // A valid file, a hostile one, or random damage to a valid one (which may or may not leave it valid: null).
    private static bool? WriteVersion(string domain, int version, string path, Random random)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        switch (random.Next(4))
        {
            case 0:
                File.WriteAllBytes(path, HostileRegistry.Bytes(domain, version, bias: random.NextDouble()));
                return true;
            case 1:
                HostileRegistry.Files[random.Next(HostileRegistry.Files.Count)].Make(path);
                return false;
            default:
                File.WriteAllBytes(path, Damage(HostileRegistry.Bytes(domain, version), random));
                return null;
        }
    }

    private static byte[] Damage(byte[] valid, Random random)
    {
        var text = Encoding.UTF8.GetString(valid);
        var at = random.Next(text.Length);
        return random.Next(4) switch
        {
            0 => valid[..at],
            1 => Flip(valid, at, random),
            2 => Encoding.UTF8.GetBytes(text.Insert(at, random.Next(2) == 0 ? "\\ud800" : "\"")),
            _ => Encoding.UTF8.GetBytes(text.Insert(text.IndexOf('"', at) is var q and >= 0 ? q + 1 : at, "\\udc00")),
        };
    }

    private static byte[] Flip(byte[] bytes, int at, Random random)
    {
        bytes[at] ^= (byte)(1 << random.Next(8));
        return bytes;
    }

    private (string? Text, int? Version) WritePin(string domain, Random random)
    {
        var path = Path.Combine(_dir.Root, domain, "PINNED");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Remove(path);
        var roll = random.Next(5);
        switch (roll)
        {
            case 0:
                return (null, null);
            case 1:
                HostileRegistry.MakeFifo(path);
                return ("(a FIFO)", null);
            default:
                var text = roll == 2 ? random.Next(1, 12).ToString(System.Globalization.CultureInfo.InvariantCulture) : roll == 3 ? "" : "\u00ff\u0001x";
                File.WriteAllText(path, text);
                return (text, RegistryLayout.TryParsePinned(text, out var v) ? v : null);
        }
    }

    private static PinState Pin((string? Text, int? Version) pin) =>
        pin.Text is null ? PinState.Absent : pin.Version is { } v ? PinState.Pinned(v) : PinState.Unusable("bad");

    private static void Remove(string path)
    {
        if (Directory.Exists(path) && !new DirectoryInfo(path).Attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            Directory.Delete(path, recursive: true);
        }
        else if (File.Exists(path) || new FileInfo(path).LinkTarget is not null || LocalFile.Stat(path).Kind != FileKind.Missing)
        {
            File.Delete(path);
        }
    }
}
