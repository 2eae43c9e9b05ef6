namespace ReRanker.Registry;

/// <summary>
/// Which version a domain serves: the one definition, used by the service and by the trainer (both through
/// <see cref="WeightRegistryManager"/>). It depends only on what the folder or index holds now, never on what was
/// served before, so a restarted service, every replica and the trainer's gate agree on it (docs/registry.md):
/// <list type="number">
/// <item>no pin: the highest valid version that is not the candidate (none: the default policy applies);</item>
/// <item>a pin naming a valid version: that version;</item>
/// <item>a pin that names no valid version (missing, invalid, garbage, unreadable): no version. A broken pin never
/// silently becomes "latest", which may be the very version it was written to roll back from.</item>
/// </list>
/// A domain's candidate (CANDIDATE) is a valid version other than the served one: it is ranked in the shadow of every
/// request and never served, so a newly written candidate is not served by rule 1 while CANDIDATE names it.
/// </summary>
internal static class ServedRule
{
    public const string NothingServed = "no version is served (the default policy applies)";

    public const string NoShadow = "no shadow ranking";

    /// <summary>The version to serve, and the problem with the pin when it is the reason nothing is served.</summary>
    public static (int? Version, string? PinProblem) Choose(PinState pin, IReadOnlyCollection<int> validVersions, PinState? candidate = null)
    {
        ArgumentNullException.ThrowIfNull(pin);
        ArgumentNullException.ThrowIfNull(validVersions);
        var excluded = candidate is { Kind: PinKind.Pinned, Version: { } c } ? c : 0;
        var servable = validVersions.Where(v => v != excluded).ToList();
        return pin.Kind switch
        {
            PinKind.Absent => (servable.Count > 0 ? servable.Max() : null, null),
            PinKind.Pinned when validVersions.Contains(pin.Version!.Value) => (pin.Version, null),
            PinKind.Pinned => (null, $"PINNED names version {pin.Version}, which is missing or invalid; {NothingServed}"),
            _ => (null, $"{pin.Problem}; {NothingServed}"),
        };
    }

    /// <summary>The candidate to rank in the shadow of <paramref name="served"/>, or why CANDIDATE names none.</summary>
    public static (int? Version, string? Problem) ChooseCandidate(PinState candidate, IReadOnlyCollection<int> validVersions, int? served)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(validVersions);
        return candidate.Kind switch
        {
            PinKind.Absent => (null, null),
            PinKind.Pinned when candidate.Version == served => (null, $"CANDIDATE names version {served}, which is the served version; {NoShadow}"),
            PinKind.Pinned when validVersions.Contains(candidate.Version!.Value) => (candidate.Version, null),
            PinKind.Pinned => (null, $"CANDIDATE names version {candidate.Version}, which is missing or invalid; {NoShadow}"),
            _ => (null, $"{candidate.Problem}; {NoShadow}"),
        };
    }
}
