using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;
using ReRanker.Trainer.Data;

namespace ReRanker.Trainer.Registry;

/// <summary>A domain's served weight file in a registry folder, and where it came from.</summary>
internal sealed record ServedVersion(string Domain, int Version, string Path, WeightFile File);

/// <summary>
/// Reads and writes the registry layout of issue 3: <c>&lt;root&gt;/&lt;domain&gt;/&lt;version&gt;.json</c>. The served
/// version is the one named by <c>PINNED</c> when that is valid, else the highest valid version.
/// Invalid files are skipped with a warning, as the service does.
/// </summary>
internal static class RegistryFolder
{
    public const string PinnedFile = RegistryLayout.PinFileName;

    /// <summary>The served version of every domain in <paramref name="root"/> (a missing folder is an error).</summary>
    public static IReadOnlyList<ServedVersion> Load(string root, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Directory.Exists(root))
        {
            throw new TrainerInputException($"registry folder '{root}' does not exist");
        }

        var served = new List<ServedVersion>();
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var domain = System.IO.Path.GetFileName(folder);
            if (!DomainName.IsValid(domain))
            {
                warn?.Invoke($"ignoring '{folder}': not a domain name");
                continue;
            }

            if (LoadDomain(root, domain, warn) is { } version)
            {
                served.Add(version);
            }
        }

        return served;
    }

    public static ServedVersion? LoadDomain(string root, string domain, Action<string>? warn = null)
    {
        var folder = System.IO.Path.Combine(root, domain);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var versions = Versions(folder).OrderDescending().ToList();
        var pinnedPath = System.IO.Path.Combine(folder, PinnedFile);
        if (File.Exists(pinnedPath) && RegistryLayout.TryParsePinned(File.ReadAllText(pinnedPath), out var pinned))
        {
            versions.Remove(pinned);
            versions.Insert(0, pinned);
        }

        foreach (var version in versions)
        {
            var path = System.IO.Path.Combine(folder, RegistryLayout.VersionFileName(version));
            if (TryRead(path, domain, version, out var file, out var reason))
            {
                return new ServedVersion(domain, version, path, file);
            }

            warn?.Invoke($"ignoring '{path}': {reason}");
        }

        return null;
    }

    public static WeightSet ToWeightSet(IEnumerable<ServedVersion> served) => new(served.Select(s => new DomainWeights(s.File)));

    /// <summary>The version the next file of <paramref name="domain"/> gets: highest existing number + 1 (valid or not).</summary>
    public static int NextVersion(string root, string domain)
    {
        var folder = System.IO.Path.Combine(root, domain);
        return Directory.Exists(folder) ? Versions(folder).DefaultIfEmpty(0).Max() + 1 : 1;
    }

    /// <summary>Writes a file atomically (temporary name the registry ignores, then rename); never overwrites.</summary>
    public static string Write(string root, WeightFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var folder = System.IO.Path.Combine(root, file.Domain);
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, RegistryLayout.VersionFileName(file.Version));
        var temporary = System.IO.Path.Combine(folder, $".{file.Version}.json.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temporary, WeightFileSerializer.Write(file));
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException)
        {
            File.Delete(temporary);
            throw new IOException($"'{path}' already exists; versions are never overwritten");
        }

        return path;
    }

    public static bool TryRead(string path, string? expectedDomain, int? expectedVersion, out WeightFile file, out string reason)
    {
        file = null!;
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            reason = "file does not exist";
            return false;
        }

        if (info.Length > WeightFile.MaxBytes)
        {
            reason = $"file is {info.Length} bytes; the limit is {WeightFile.MaxBytes}";
            return false;
        }

        var result = WeightFileSerializer.Read(File.ReadAllBytes(path));
        if (!result.IsValid)
        {
            reason = result.Describe();
            return false;
        }

        file = result.File!;
        if (expectedDomain is not null && file.Domain != expectedDomain)
        {
            reason = $"domain: '{file.Domain}' does not match its folder '{expectedDomain}'";
            return false;
        }

        if (expectedVersion is not null && file.Version != expectedVersion)
        {
            reason = $"version: {file.Version} does not match its file name";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    private static IEnumerable<int> Versions(string folder) =>
        Directory.GetFiles(folder)
            .Select(path => RegistryLayout.TryParseVersionFileName(System.IO.Path.GetFileName(path), out var version) ? version : 0)
            .Where(version => version > 0);
}
