using Microsoft.Extensions.Logging;

namespace ReRanker.Registry;

/// <summary>
/// The registry's log lines: source-generated, with named properties. Weight values are never logged (rejection
/// reasons name fields, not values), and names taken from files are made printable and clipped first.
/// </summary>
internal static partial class RegistryLog
{
    [LoggerMessage(1001, LogLevel.Information, "Loaded {Domain} version {Version} from {File} (sha256 {Sha256})")]
    public static partial void Loaded(ILogger logger, string domain, int version, string file, string sha256);

    [LoggerMessage(1002, LogLevel.Warning, "Rejected {File} ({Domain} version {Version}): {Reason}")]
    public static partial void Rejected(ILogger logger, string domain, int version, string file, string reason);

    [LoggerMessage(1003, LogLevel.Information, "Serving {Domain} version {Version} (was {PreviousVersion})")]
    public static partial void Serving(ILogger logger, string domain, int version, int? previousVersion);

    [LoggerMessage(1004, LogLevel.Information, "Unloaded {Domain} (was version {PreviousVersion}); the default policy applies")]
    public static partial void Unloaded(ILogger logger, string domain, int? previousVersion);

    [LoggerMessage(1005, LogLevel.Warning, "Domain {Domain}: {File}: {Reason}")]
    public static partial void ListingProblem(ILogger logger, string domain, string file, string reason);

    [LoggerMessage(1006, LogLevel.Warning, "Registry source {Source} unavailable; the last good weights keep serving: {Reason}")]
    public static partial void SourceUnavailable(ILogger logger, string source, string reason);

    [LoggerMessage(1007, LogLevel.Information, "Registry source {Source} reachable again")]
    public static partial void SourceRecovered(ILogger logger, string source);

    [LoggerMessage(1008, LogLevel.Warning, "Ignored {Name} in the registry: {Reason}")]
    public static partial void IgnoredName(ILogger logger, string name, string reason);

    [LoggerMessage(1009, LogLevel.Warning, "File-system watcher on {Root} unavailable, relying on the periodic rescan: {Reason}")]
    public static partial void WatcherUnavailable(ILogger logger, string root, string reason);

    [LoggerMessage(1010, LogLevel.Error, "Registry scan failed unexpectedly; the last good weights keep serving")]
    public static partial void ScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(1011, LogLevel.Information, "First registry scan of {Source} complete: {DomainCount} domains served")]
    public static partial void FirstScan(ILogger logger, string source, int domainCount);

    [LoggerMessage(1012, LogLevel.Information, "Published {Domain} version {Version} to {File}")]
    public static partial void Published(ILogger logger, string domain, int version, string file);

    [LoggerMessage(1013, LogLevel.Warning, "HTTP source circuit {State} for {Source}")]
    public static partial void CircuitChanged(ILogger logger, string state, string source);

    [LoggerMessage(1014, LogLevel.Debug, "Retrying {Source} (attempt {Attempt}) after {Reason}")]
    public static partial void Retrying(ILogger logger, string source, int attempt, string reason);

    [LoggerMessage(1015, LogLevel.Debug, "Change under {Root} noticed; rescanning after {DebounceMs} ms of debounce")]
    public static partial void ChangeNoticed(ILogger logger, string root, double debounceMs);

    [LoggerMessage(1016, LogLevel.Debug, "Scan of {Source} took {ElapsedMs} ms")]
    public static partial void ScanCompleted(ILogger logger, string source, double elapsedMs);

    [LoggerMessage(1017, LogLevel.Information, "Weight registry: serving {Source}; first scan starting")]
    public static partial void Starting(ILogger logger, string source);

    [LoggerMessage(1018, LogLevel.Information, "Removed {File}, a temporary file left by an interrupted write")]
    public static partial void RemovedTemporaryFile(ILogger logger, string file);

    [LoggerMessage(1019, LogLevel.Error, "Domain {Domain} could not be scanned; it keeps what it served and the other domains carry on")]
    public static partial void DomainFailed(ILogger logger, Exception exception, string domain);

    [LoggerMessage(1020, LogLevel.Error, "Reading {File} failed unexpectedly; it is reported as unavailable")]
    public static partial void FileFailed(ILogger logger, Exception exception, string file);

    [LoggerMessage(1021, LogLevel.Warning, "Published {Domain} version {Version} was not served ({Reason}); it was removed again")]
    public static partial void PublishTakenBack(ILogger logger, string domain, int version, string reason);

    // Candidates, promotion and pins written by the service: 1101 and up.
    [LoggerMessage(1101, LogLevel.Information, "Domain {Domain}: candidate version {Version} loaded for shadow ranking beside served version {ServedVersion}")]
    public static partial void CandidateLoaded(ILogger logger, string domain, int version, int? servedVersion);

    [LoggerMessage(1102, LogLevel.Information, "Domain {Domain}: {File} set to {Version}")]
    public static partial void PointerWritten(ILogger logger, string domain, string file, int version);

    [LoggerMessage(1103, LogLevel.Information, "Domain {Domain}: {File} removed")]
    public static partial void PointerRemoved(ILogger logger, string domain, string file);

    [LoggerMessage(1104, LogLevel.Information, "Domain {Domain}: candidate version {Candidate} promoted; served as version {Version}")]
    public static partial void Promoted(ILogger logger, string domain, int candidate, int version);
}
