namespace ReRanker.Api.DecisionLog;

/// <summary>The decision log's log lines: folder, replica and key id only, never a record, a value or the key.</summary>
internal static partial class DecisionLogLog
{
    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Decision log writing to {Folder} as replica {Replica}; slot values hashed with key {KeyId} ({KeySource})")]
    public static partial void Started(ILogger logger, string folder, string replica, string keyId, string keySource);

    [LoggerMessage(EventId = 41, Level = LogLevel.Error, Message = "Decision log unavailable ({ErrorType}: {Reason}) for {Folder}; serving continues, records are dropped and counted")]
    public static partial void Unavailable(ILogger logger, string folder, string errorType, string reason);

    [LoggerMessage(EventId = 42, Level = LogLevel.Error, Message = "Decision log write failed in {Folder} ({ErrorType}: {Reason}); serving continues, records are dropped and counted until writing works again")]
    public static partial void WriteFailed(ILogger logger, string folder, string errorType, string reason);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "Decision log writing again; {Dropped} records were dropped meanwhile")]
    public static partial void Recovered(ILogger logger, long dropped);

    [LoggerMessage(EventId = 44, Level = LogLevel.Warning, Message = "Decision log could not delete an old segment ({ErrorType}: {Reason})")]
    public static partial void RetentionFailed(ILogger logger, string errorType, string reason);

    [LoggerMessage(EventId = 45, Level = LogLevel.Error, Message = "Decision log could not serialise a record ({ErrorType}); it was dropped")]
    public static partial void NotSerialisable(ILogger logger, string errorType);
}
