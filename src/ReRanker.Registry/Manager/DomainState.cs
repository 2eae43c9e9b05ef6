namespace ReRanker.Registry;

/// <summary>
/// What the manager knows about one domain between scans: the served version, the one served before it (both kept
/// compiled; every other version is remembered only by fingerprint and verdict) and the open errors. Mutated only by
/// <see cref="WeightRegistryManager"/> under its write lock; readers see the immutable <see cref="Status"/>.
/// </summary>
internal sealed class DomainState(string domain)
{
    private readonly Dictionary<string, RegistryError> _fileErrors = new(StringComparer.Ordinal);
    private Dictionary<string, RegistryError> _listingErrors = new(StringComparer.Ordinal);

    public string Domain { get; } = domain;

    public LoadedVersion? Served { get; private set; }

    /// <summary>The version served before <see cref="Served"/>, while it stays valid: a rollback to it needs no read.</summary>
    public LoadedVersion? Previous { get; private set; }

    /// <summary>The version CANDIDATE names, compiled, while it is valid and not the served one: ranked in the shadow, never served.</summary>
    public LoadedVersion? Candidate { get; private set; }

    public DomainStatus Status { get; private set; } = new(domain, null, null, null, null, null, [], null);

    /// <summary>Records why a file is not served; true when this is news (a new file or a new reason), worth a log line.</summary>
    public bool RecordError(string location, string reason, DateTimeOffset now)
    {
        var error = Keep(_fileErrors, location, reason, now);
        var isNew = !_fileErrors.TryGetValue(location, out var old) || !ReferenceEquals(old, error);
        _fileErrors[location] = error;
        return isNew;
    }

    public void ClearError(string location) => _fileErrors.Remove(location);

    /// <summary>The compiled weights of <paramref name="version"/> with these bytes, if this domain still holds them.</summary>
    public LoadedVersion? Compiled(int version, string sha256) =>
        new[] { Served, Previous, Candidate }.FirstOrDefault(l => l is not null && l.Version == version && l.Sha256 == sha256);

    /// <summary>
    /// Serves <paramref name="target"/> (chosen by <see cref="ServedRule"/>, or kept while a file it depends on is still
    /// being written) and rebuilds the status. Returns the listing problems that are new, for the log.
    /// </summary>
    public IReadOnlyList<RegistryError> Update(
        DomainListing listing, IReadOnlyDictionary<int, string> validSha256, LoadedVersion? target, string? pinProblem,
        IReadOnlyList<string> changing, DateTimeOffset now, LoadedVersion? candidate = null, string? candidateProblem = null)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(validSha256);
        var listed = listing.Versions.Select(v => v.Location).ToHashSet(StringComparer.Ordinal);
        if (listing.Complete)
        {
            foreach (var gone in _fileErrors.Keys.Where(k => !listed.Contains(k)).ToList())
            {
                _fileErrors.Remove(gone);
            }
        }

        var listingErrors = new Dictionary<string, RegistryError>(StringComparer.Ordinal);
        foreach (var problem in listing.Problems)
        {
            listingErrors[problem.File] = Keep(_listingErrors, problem.File, problem.Reason, now);
        }

        if (pinProblem is not null)
        {
            listingErrors[listing.PinLocation] = Keep(_listingErrors, listing.PinLocation, pinProblem, now);
        }

        if (candidateProblem is not null)
        {
            listingErrors[listing.CandidateLocation] = Keep(_listingErrors, listing.CandidateLocation, candidateProblem, now);
        }

        Candidate = candidate;
        var news = listingErrors.Values.Where(e => !_listingErrors.TryGetValue(e.File, out var old) || !ReferenceEquals(old, e)).ToList();
        _listingErrors = listingErrors;
        if (!ReferenceEquals(target, Served))
        {
            Previous = Served ?? Previous;
            Served = target;
        }

        // The previous version stays compiled only while it is still there, unchanged and valid.
        if (Previous is { } previous && (ReferenceEquals(previous, Served) || !validSha256.TryGetValue(previous.Version, out var sha) || sha != previous.Sha256))
        {
            Previous = null;
        }

        var errors = _fileErrors.Values.Concat(_listingErrors.Values).OrderBy(e => e.At).ThenBy(e => e.File, StringComparer.Ordinal).ToList();
        Status = new DomainStatus(
            Domain, Served?.Version, Served?.Sha256, Served?.LoadedAt, Served?.Location, listing.Pin.Version,
            validSha256.Keys.Order().ToList(), errors.LastOrDefault())
        {
            Errors = errors,
            Changing = changing,
            CandidateVersion = Candidate?.Version,
            CandidateSha256 = Candidate?.Sha256,
            PreviousVersion = Previous?.Version,
        };
        return news;
    }

    // An error that persists keeps the time it was first seen; a new reason is a new error.
    private static RegistryError Keep(Dictionary<string, RegistryError> previous, string file, string reason, DateTimeOffset now) =>
        previous.TryGetValue(file, out var old) && old.Reason == reason ? old : new RegistryError(file, reason, now);
}
