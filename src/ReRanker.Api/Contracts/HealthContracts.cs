namespace ReRanker.Api.Contracts;

/// <summary>The outcome of a health endpoint's checks.</summary>
/// <param name="Status">"Healthy", "Degraded" or "Unhealthy": the worst of the checks (Healthy when there are none).</param>
/// <param name="Checks">One entry per check, in registration order.</param>
public sealed record HealthReportResponse(string Status, IReadOnlyList<HealthCheckEntry> Checks);

/// <param name="Name">The check's name, e.g. "registry".</param>
/// <param name="Status">"Healthy", "Degraded" or "Unhealthy".</param>
/// <param name="Description">What the check saw, in words.</param>
/// <param name="DurationMs">How long the check took.</param>
public sealed record HealthCheckEntry(string Name, string Status, string? Description, double DurationMs);
