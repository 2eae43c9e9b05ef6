using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReRanker.Api.Registry;

namespace ReRanker.Api.Infrastructure;

/// <summary>Readiness: the registry's first full scan has completed (<see cref="IWeightRegistry.IsReady"/>).</summary>
internal sealed class RegistryReadinessCheck(IWeightRegistry registry) : IHealthCheck
{
    public const string Name = "registry";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(registry.IsReady
            ? HealthCheckResult.Healthy($"First registry scan complete; {registry.Current.Count} domains served.")
            : HealthCheckResult.Unhealthy("The registry's first full scan has not completed."));
}
