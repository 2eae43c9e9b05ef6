namespace ReRanker.Registry;

/// <summary>Turns a failed write into an answer that names storage: full (507), read-only (409) or otherwise unavailable.</summary>
internal static class StorageFailure
{
    // Linux errno values; on Unix, .NET's IOException.HResult is the raw errno when it has no better mapping.
    private const int NoSpace = 28;
    private const int ReadOnlyFileSystem = 30;
    private const int QuotaExceeded = 122;
    private const int NotDirectory = 20;
    private const int IsDirectory = 21;
    private const int Exists = 17;
    private const int FileExistsHResult = unchecked((int)0x80070050);

    public static PublishResult Of(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            IOException { HResult: NoSpace or QuotaExceeded } => PublishResult.Refused(
                PublishFailure.InsufficientStorage, "source", $"the registry's storage is full: {exception.Message}; nothing was stored"),
            IOException { HResult: ReadOnlyFileSystem } or UnauthorizedAccessException => PublishResult.Refused(
                PublishFailure.Conflict, "source", $"the registry folder is read-only: {exception.Message}; nothing was stored"),
            IOException { HResult: NotDirectory or IsDirectory or Exists or FileExistsHResult } => PublishResult.Refused(
                PublishFailure.Conflict, "source", $"the registry folder cannot be written: {exception.Message}; nothing was stored"),
            _ => PublishResult.Refused(
                PublishFailure.Unavailable, "source", $"the registry folder cannot be written right now: {exception.Message}; nothing was stored"),
        };
    }
}
