using ReRanker.Registry;

namespace ReRanker.Registry.Tests;

internal static class RegistryAssertions
{
    public static int? ServedVersion(this IWeightRegistry registry, string domain) =>
        registry.Current.TryGet(domain, out var weights) ? weights.Version : null;

    public static DomainStatus? Domain(this IWeightRegistry registry, string domain) =>
        registry.GetStatus().Domains.SingleOrDefault(d => d.Domain == domain);
}
