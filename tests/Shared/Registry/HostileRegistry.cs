using System.Diagnostics;
using System.Text;
using ReRanker.Core.Weights;

namespace ReRanker.Tests.Shared.Registry;

/// <summary>One class of bad file: how to make it at a path, and what the registry's reason for refusing it says.</summary>
internal sealed record HostileFile(string Name, Action<string> Make, string Reason)
{
    public override string ToString() => Name;
}

/// <summary>
/// Registry folders an attacker or an unlucky operator could leave behind, with the version each domain must serve
/// under the one served rule (docs/registry.md). Shared by the registry's, the API's and the deploy tests, so the
/// service, the trainer and the HTTP API are all tried on the very same folders.
/// </summary>
internal static class HostileRegistry
{
    /// <summary>Every class of bad version file, each refused on its own with a reason.</summary>
    public static IReadOnlyList<HostileFile> Files { get; } =
    [
        new("corrupt JSON", p => Write(p, Text("music", 2)[..40]), "not valid JSON"),
        new("empty", p => Write(p, ""), "not valid JSON"),
        new("random bytes", p => File.WriteAllBytes(p, RandomBytes(512, seed: 3)), "not valid UTF-8"),
        new("invalid UTF-8 in a string", p => File.WriteAllBytes(p, InvalidUtf8(Bytes("music", 2))), "not valid UTF-8"),
        new("unpaired surrogate in a value", p => Write(p, Text("music", 2).Replace("\"handmade\"", "\"\\ud800\"", StringComparison.Ordinal)), "training.loss: is not valid text"),
        new("unpaired surrogate in a feature name", p => Write(p, Text("music", 2).Replace("\"logit.intentScore\"", "\"logit.\\udfff\"", StringComparison.Ordinal)), "weights: a property name is not valid text"),
        new("unpaired surrogate in createdAt", p => Write(p, Text("music", 2).Replace("Z\"", "\\ud800Z\"", StringComparison.Ordinal)), "createdAt: is not valid text"),
        new("NaN weight", p => Write(p, Text("music", 2).Replace("\"logit.domainScore\": 1", "\"logit.domainScore\": \"NaN\"", StringComparison.Ordinal)), "must be a finite number"),
        new("absurd weight", p => Write(p, Text("music", 2).Replace("\"logit.domainScore\": 1", "\"logit.domainScore\": 12345678.9", StringComparison.Ordinal)), "magnitude exceeds"),
        new("deep nesting", p => Write(p, new string('[', 5000) + new string(']', 5000)), "not valid JSON"),
        new("version not matching its name", p => Write(p, Text("music", 5)), "does not match its name"),
        new("domain not matching its folder", p => Write(p, Text("weather", 2)), "does not match its folder"),
        new("too large", p => Write(p, Text("music", 2).Replace("{", "{\"pad\": \"" + new string('x', 1100 * 1024) + "\",", StringComparison.Ordinal)), "the limit is 1048576"),
        new("sparse 4 GiB", p => Sparse(p, 4L << 30), "is 4294967296 bytes; the limit is 1048576"),
        new("FIFO", MakeFifo, "is a FIFO (named pipe), not a regular file"),
        new("socket", MakeSocket, "is a socket, not a regular file"),
        new("character device", p => MakeDevice(p, "c", 1, 5), "is a character device, not a regular file"),
        new("folder", p => Directory.CreateDirectory(p), "is a folder, not a regular file"),
    ];

    /// <summary>
    /// Fills <paramref name="root"/> with one domain per hostile case and returns the version each must serve (null:
    /// none, the default policy applies). <paramref name="outside"/> is a folder beside the root, for links leaving it.
    /// </summary>
    public static IReadOnlyDictionary<string, int?> Create(string root, string outside)
    {
        var served = new SortedDictionary<string, int?>(StringComparer.Ordinal);
        void Domain(string name, int? expected, params int[] valid)
        {
            Directory.CreateDirectory(Path.Combine(root, name));
            foreach (var version in valid)
            {
                File.WriteAllBytes(Path.Combine(root, name, $"{version}.json"), Bytes(name, version));
            }

            served[name] = expected;
        }

        string At(string domain, string file) => Path.Combine(root, domain, file);

        // PINNED, in every way it can be wrong: a broken pin serves nothing, never "latest".
        Domain("pin-valid", 1, 1, 2);
        Write(At("pin-valid", "PINNED"), " 1\n");
        Domain("pin-missing", null, 1, 2);
        Write(At("pin-missing", "PINNED"), "3");
        Domain("pin-garbage", null, 1, 2);
        Write(At("pin-garbage", "PINNED"), "two");
        Domain("pin-empty", null, 1);
        Write(At("pin-empty", "PINNED"), "");
        Domain("pin-leading-zero", null, 1);
        Write(At("pin-leading-zero", "PINNED"), "01");
        Domain("pin-invalid", null, 1, 2);
        Write(At("pin-invalid", "3.json"), "{");
        Write(At("pin-invalid", "PINNED"), "3");
        Domain("pin-fifo", null, 1);
        MakeFifo(At("pin-fifo", "PINNED"));
        Domain("pin-outside", null, 1);
        Write(Path.Combine(outside, "PINNED"), "1");
        File.CreateSymbolicLink(At("pin-outside", "PINNED"), Path.Combine(outside, "PINNED"));

        // The newest file is bad: the highest valid one is served.
        Domain("newest-corrupt", 2, 1, 2);
        Write(At("newest-corrupt", "3.json"), Text("newest-corrupt", 3)[..60]);
        Domain("half-written", 1, 1);
        Write(At("half-written", "2.json"), Text("half-written", 2)[..(Text("half-written", 2).Length / 2)]);
        Domain("only-bad", null);
        Write(At("only-bad", "1.json"), "not json");
        Domain("odd-names", 1, 1);
        Write(At("odd-names", "02.json"), Text("odd-names", 2));
        Write(At("odd-names", "1000000000.json"), Text("odd-names", 9));

        // Links: inside the root they are followed (and judged like any file), outside they are never read.
        Domain("link-inside", 1, 1);
        File.CreateSymbolicLink(At("link-inside", "2.json"), Path.Combine("..", "newest-corrupt", "2.json"));
        File.CreateSymbolicLink(At("link-inside", "3.json"), "1.json");
        Domain("link-outside", 1, 1);
        File.WriteAllBytes(Path.Combine(outside, "2.json"), Bytes("link-outside", 2));
        File.CreateSymbolicLink(At("link-outside", "2.json"), Path.Combine(outside, "2.json"));
        Domain("link-dangling", 1, 1);
        File.CreateSymbolicLink(At("link-dangling", "2.json"), At("link-dangling", "nowhere.json"));
        Directory.CreateSymbolicLink(Path.Combine(root, "linked-copy"), "newest-corrupt");
        served["linked-copy"] = null; // every file in it names the domain it was copied from

        // Every class of bad file, each as version 2 beside a valid version 1.
        foreach (var (file, index) in Files.Select((f, i) => (f, i)))
        {
            var domain = $"bad-{index:D2}";
            Domain(domain, 1, 1);
            file.Make(At(domain, "2.json"));
        }

        return served;
    }

    /// <summary>The domain <see cref="Create"/> puts <paramref name="file"/> in.</summary>
    public static string DomainOf(HostileFile file) => $"bad-{Files.ToList().IndexOf(file):D2}";

    public static byte[] Bytes(string domain, int version, double bias = 0) => WeightFileSerializer.Write(new WeightFile(
        WeightFile.CurrentSchemaVersion, domain, version, bias,
        new Dictionary<string, double> { ["logit.domainScore"] = 1.0, ["logit.intentScore"] = 0.5 },
        new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero),
        new TrainingInfo("handmade", 0, null, "none", 0, 0, 0, new Dictionary<string, double>())));

    public static string Text(string domain, int version) => Encoding.UTF8.GetString(Bytes(domain, version));

    public static void MakeFifo(string path) => Run("mkfifo", path);

    public static void MakeDevice(string path, string type, int major, int minor) => Run("mknod", path, type, major.ToString(System.Globalization.CultureInfo.InvariantCulture), minor.ToString(System.Globalization.CultureInfo.InvariantCulture));

    // Binding creates the socket file, and it stays after the socket closes; .NET would remove it on Dispose.
    public static void MakeSocket(string path) =>
        Run("python3", "-c", "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", path);

    public static void Sparse(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        stream.SetLength(length);
    }

    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0xFF; // never valid UTF-8
        return bytes;
    }

    private static byte[] InvalidUtf8(byte[] valid)
    {
        var at = valid.AsSpan().IndexOf("handmade"u8);
        valid[at] = 0xC0; // an overlong encoding's first byte: not UTF-8
        return valid;
    }

    private static void Write(string path, string text) => File.WriteAllText(path, text);

    private static void Run(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed: {error}");
        }
    }
}
