namespace ReRanker.Api.Registry;

/// <summary>
/// What the manager knows about one domain between scans: the served version and the open errors. Mutated only by
/// <see cref="WeightRegistryManager"/> under its write lock; readers see the immutable <see cref="Status"/>.
/// </summary>
internal sealed class DomainState(string domain)
{
    private readonly Dictionary<string, RegistryError> _fileErrors = new(StringComparer.Ordinal);
    private Dictionary<string, RegistryError> _listingErrors = new(StringComparer.Ordinal);

    public string Domain { get; } = domain;

    public LoadedVersion? Served { get; private set; }

    public DomainStatus Status { get; private set; } = new(domain, null, null, null, null, null, [], null);

    /// <summary>Files that are invalid or unreadable keep an error until they become valid or disappear.</summary>
    public void RecordFile(string location, LoadOutcome outcome, DateTimeOffset now)
    {
        if (outcome.Status is LoadStatus.Valid or LoadStatus.Vanished)
        {
            _fileErrors.Remove(location);
        }
        else
        {
            _fileErrors[location] = Keep(_fileErrors, location, outcome.Reason ?? "invalid", now);
        }
    }

    /// <summary>
    /// Chooses the version to serve: the pinned one, else the highest valid one. A bad file never replaces a good one:
    /// if the served file is rewritten with bad content, the good copy in memory keeps serving.
    /// </summary>
    public void Update(DomainListing listing, SortedDictionary<int, LoadedVersion> valid, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(valid);
        var listed = listing.Versions.Select(v => v.Location).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _fileErrors.Keys.Where(k => !listed.Contains(k)).ToList())
        {
            _fileErrors.Remove(gone);
        }

        if (Served is { } served && listed.Contains(served.Location) && !valid.ContainsKey(served.Version))
        {
            valid[served.Version] = served;
        }

        var listingErrors = new Dictionary<string, RegistryError>(StringComparer.Ordinal);
        foreach (var problem in listing.Problems)
        {
            listingErrors[problem.File] = Keep(_listingErrors, problem.File, problem.Reason, now);
        }

        LoadedVersion? target;
        if (listing.PinnedVersion is { } pin)
        {
            if (!valid.TryGetValue(pin, out target))
            {
                // Rollback must not silently become "latest": keep what is served and say why.
                target = Served;
                var reason = $"PINNED names version {pin}, which is missing or invalid; keeping {(Served is null ? "no version (the default policy applies)" : $"version {Served.Version}")}";
                listingErrors[listing.PinLocation] = Keep(_listingErrors, listing.PinLocation, reason, now);
            }
        }
        else
        {
            var pinUnreadable = listing.Problems.Any(p => string.Equals(p.File, listing.PinLocation, StringComparison.Ordinal));
            target = pinUnreadable ? Served : valid.Count > 0 ? valid.Values.Last() : null;
        }

        _listingErrors = listingErrors;
        Served = target;
        var errors = _fileErrors.Values.Concat(_listingErrors.Values).OrderBy(e => e.At).ThenBy(e => e.File, StringComparer.Ordinal).ToList();
        Status = new DomainStatus(Domain, target?.Version, target?.Sha256, target?.LoadedAt, target?.Location, listing.PinnedVersion, valid.Keys.ToList(), errors.LastOrDefault())
        {
            Errors = errors,
        };
    }

    // An error that persists keeps the time it was first seen; a new reason is a new error.
    private static RegistryError Keep(Dictionary<string, RegistryError> previous, string file, string reason, DateTimeOffset now) =>
        previous.TryGetValue(file, out var old) && old.Reason == reason ? old : new RegistryError(file, reason, now);
}
