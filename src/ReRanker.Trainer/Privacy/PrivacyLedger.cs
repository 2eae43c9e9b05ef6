using ReRanker.Core.Model;
using ReRanker.Core.Weights;
using ReRanker.Registry;

namespace ReRanker.Trainer.Privacy;

/// <summary>One version's entry: its ε (∞ when it was not trained privately).</summary>
internal sealed record LedgerEntry(string Domain, int Version, string DataSha256, double Epsilon);

/// <summary>
/// The privacy ledger of a registry folder: every version file of every domain, valid or not for serving (a file that is
/// no longer served was still released). Versions trained on <b>overlapping data</b>, defined as the same
/// <c>training.dataSha256</c> (the same training file), compose: their ε add up (basic sequential composition), and one
/// version without a privacy section makes that total ∞. Files with different hashes are counted apart, which is only
/// right when those data files share no utterance; the conservative total over every version is given too.
/// </summary>
internal sealed class PrivacyLedger
{
    private PrivacyLedger(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> skipped)
    {
        Entries = entries;
        Skipped = skipped;
    }

    public IReadOnlyList<LedgerEntry> Entries { get; }

    /// <summary>Version files that could not be read as weight files, with the reason.</summary>
    public IReadOnlyList<string> Skipped { get; }

    public static PrivacyLedger Read(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var entries = new List<LedgerEntry>();
        var skipped = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var domain = Path.GetFileName(folder);
            if (!DomainName.IsValid(domain))
            {
                continue;
            }

            foreach (var version in RegistryFolder.VersionsInUse(folder).Order())
            {
                var path = Path.Combine(folder, RegistryLayout.VersionFileName(version));
                var read = File.Exists(path) ? WeightFileLoader.ReadFile(path) : null;
                if (read?.File is not { } file)
                {
                    skipped.Add($"{path}: {read?.Describe() ?? "not a file"}");
                    continue;
                }

                entries.Add(new LedgerEntry(domain, version, file.Training.DataSha256, file.Training.Privacy?.Epsilon ?? double.PositiveInfinity));
            }
        }

        return new PrivacyLedger(entries, skipped);
    }

    /// <summary>Per domain and training data hash: the versions and the sum of their ε.</summary>
    public IEnumerable<(string Domain, string DataSha256, IReadOnlyList<LedgerEntry> Versions, double Epsilon)> ByDomainAndData() =>
        Entries.GroupBy(e => (e.Domain, e.DataSha256))
            .OrderBy(g => g.Key.Domain, StringComparer.Ordinal).ThenBy(g => g.Key.DataSha256, StringComparer.Ordinal)
            .Select(g => (g.Key.Domain, g.Key.DataSha256, (IReadOnlyList<LedgerEntry>)[.. g], g.Sum(e => e.Epsilon)));

    /// <summary>Per domain: ε over every version, as if all their data overlapped (the conservative figure).</summary>
    public IEnumerable<(string Domain, double Epsilon)> ByDomain() =>
        Entries.GroupBy(e => e.Domain).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(e => e.Epsilon)));

    /// <summary>
    /// Per training data hash across domains: one utterance trains every domain that has a hypothesis in it, so its ε
    /// in the whole registry is the sum over the domains' versions trained on that data.
    /// </summary>
    public IEnumerable<(string DataSha256, int Versions, double Epsilon)> ByData() =>
        Entries.GroupBy(e => e.DataSha256).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count(), g.Sum(e => e.Epsilon)));
}
