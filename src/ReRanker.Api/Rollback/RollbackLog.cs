namespace ReRanker.Api.Rollback;

/// <summary>The rollback watcher's log lines: domains, versions and figures only, never a request or a value.</summary>
internal static partial class RollbackLog
{
    [LoggerMessage(EventId = 70, Level = LogLevel.Warning, Message =
        "Rolled {Domain} back from version {FromVersion} to {ToVersion} (PINNED): defect share {ServedShare:F4} of {ServedFeedback} feedback vs {PreviousShare:F4} of {PreviousFeedback} under the previous version, z {Z:F2} ≥ {Critical:F2} with tolerance {Tolerance}")]
    public static partial void RolledBack(
        ILogger logger, string domain, int fromVersion, int toVersion, double servedShare, long servedFeedback, double previousShare,
        long previousFeedback, double z, double critical, double tolerance);

    [LoggerMessage(EventId = 71, Level = LogLevel.Error, Message = "Rolling {Domain} back from version {FromVersion} to {ToVersion} failed: {Reason}")]
    public static partial void RollbackFailed(ILogger logger, string domain, int fromVersion, int toVersion, string reason);

    [LoggerMessage(EventId = 72, Level = LogLevel.Information, Message = "Rollback watcher on: at least {MinFeedback} feedback per version, tolerance {Tolerance}, confidence {Confidence}")]
    public static partial void Watching(ILogger logger, int minFeedback, double tolerance, double confidence);
}
