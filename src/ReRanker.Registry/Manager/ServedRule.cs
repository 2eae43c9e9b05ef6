namespace ReRanker.Registry;

/// <summary>
/// Which version a domain serves: the one definition, used by the service and by the trainer (both through
/// <see cref="WeightRegistryManager"/>). It depends only on what the folder or index holds now, never on what was
/// served before, so a restarted service, every replica and the trainer's gate agree on it (docs/registry.md):
/// <list type="number">
/// <item>no pin: the highest valid version (none: the default policy applies);</item>
/// <item>a pin naming a valid version: that version;</item>
/// <item>a pin that names no valid version (missing, invalid, garbage, unreadable): no version. A broken pin never
/// silently becomes "latest", which may be the very version it was written to roll back from.</item>
/// </list>
/// </summary>
internal static class ServedRule
{
    public const string NothingServed = "no version is served (the default policy applies)";

    /// <summary>The version to serve, and the problem with the pin when it is the reason nothing is served.</summary>
    public static (int? Version, string? PinProblem) Choose(PinState pin, IReadOnlyCollection<int> validVersions)
    {
        ArgumentNullException.ThrowIfNull(pin);
        ArgumentNullException.ThrowIfNull(validVersions);
        return pin.Kind switch
        {
            PinKind.Absent => (validVersions.Count > 0 ? validVersions.Max() : null, null),
            PinKind.Pinned when validVersions.Contains(pin.Version!.Value) => (pin.Version, null),
            PinKind.Pinned => (null, $"PINNED names version {pin.Version}, which is missing or invalid; {NothingServed}"),
            _ => (null, $"{pin.Problem}; {NothingServed}"),
        };
    }
}
