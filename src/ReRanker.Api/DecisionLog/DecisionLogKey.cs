using System.Security.Cryptography;

namespace ReRanker.Api.DecisionLog;

/// <summary>
/// The HMAC key: <c>DecisionLog:HmacKey</c> when configured, else the key file (created at first start with a new
/// random key, mode 0600, written to a temporary name and moved in so two replicas starting at once agree on one).
/// </summary>
internal static class DecisionLogKey
{
    private const int GeneratedKeyBytes = 32;

    /// <summary>Reads or creates the key; IO errors propagate (the log is then unavailable, the service keeps serving).</summary>
    public static (byte[] Key, bool Generated) Load(DecisionLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.HmacKey is { Length: > 0 } configured)
        {
            return DecisionLogOptionsValidator.TryDecodeKey(configured, out var key) ? (key, false) : throw new InvalidDataException("DecisionLog:HmacKey is not base64.");
        }

        var path = options.ResolvedKeyFile;
        if (File.Exists(path))
        {
            return (Read(path), false);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var fresh = RandomNumberGenerator.GetBytes(GeneratedKeyBytes);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, create))
            using (var writer = new StreamWriter(stream))
            {
                writer.WriteLine(Convert.ToBase64String(fresh));
            }

            File.Move(temporary, path, overwrite: false);
            return (fresh, true);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return (Read(path), false);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static byte[] Read(string path)
    {
        var text = File.ReadAllText(path).Trim();
        return DecisionLogOptionsValidator.TryDecodeKey(text, out var key) && key.Length >= DecisionLogOptions.MinimumKeyBytes
            ? key
            : throw new InvalidDataException($"The decision-log key file '{path}' does not hold a base64 key of at least {DecisionLogOptions.MinimumKeyBytes} bytes.");
    }
}
