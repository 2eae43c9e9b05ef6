using ReRanker.Registry;

namespace ReRanker.Registry.Tests;

internal static class RegistryAssertions
{
    public static int? ServedVersion(this IWeightRegistry registry, string domain) =>
        registry.Current.TryGet(domain, out var weights) ? weights.Version : null;

    public static DomainStatus? Domain(this IWeightRegistry registry, string domain) =>
        registry.GetStatus().Domains.SingleOrDefault(d => d.Domain == domain);

    /// <summary>Every domain's served version, as the status reports it (null: none, the default policy applies).</summary>
    public static Dictionary<string, int?> ServedVersions(this RegistryStatus status) =>
        status.Domains.ToDictionary(d => d.Domain, d => d.ServedVersion, StringComparer.Ordinal);

    /// <summary>True once no file is waiting to stop changing: every file has its verdict.</summary>
    public static bool IsSettled(this RegistryStatus status) => status.Domains.All(d => d.Changing.Count == 0);
}
