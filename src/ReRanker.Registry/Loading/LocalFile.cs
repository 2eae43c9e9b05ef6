using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ReRanker.Registry;

/// <summary>What kind of thing a path names.</summary>
internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
    Other,
}

/// <summary>What <c>statx(2)</c> says about a file: enough to tell its kind and to notice any change to it.</summary>
/// <param name="ChangedAt">The later of the content's and the inode's last change (a rename, a chmod or a write).</param>
/// <param name="ModifiedAt">The content's last change (what a writer sets; <c>touch -d</c> can set it back).</param>
internal readonly record struct FileFacts(FileKind Kind, long Length, DateTimeOffset ChangedAt, DateTimeOffset ModifiedAt, string Identity)
{
    public static FileFacts Missing { get; } = new(FileKind.Missing, 0, DateTimeOffset.MinValue, DateTimeOffset.MinValue, string.Empty);

    /// <summary>Changes whenever the file may have changed: identity (device, inode), kind, length, times.</summary>
    public string Fingerprint => string.Create(CultureInfo.InvariantCulture, $"{Identity}|{Kind}|{Length}|{ChangedAt.UtcTicks}");

    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a folder",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Socket => "a socket",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Missing => "missing",
        _ => "not a regular file",
    };
}

/// <summary>Why reading a file gave no bytes.</summary>
internal enum ReadFailure
{
    None,
    Vanished,
    NotRegular,
    TooLarge,
    Unreadable,
}

/// <summary>The bytes of a file, or why there are none.</summary>
internal sealed record LocalRead(byte[]? Bytes, ReadFailure Failure, string? Problem)
{
    public static LocalRead Fail(ReadFailure failure, string problem) => new(null, failure, problem);
}

/// <summary>
/// Reads files of a registry folder without ever blocking on them. .NET's FileStream opens with a blocking open(2):
/// opening a FIFO for reading waits for a writer, forever if none comes, and no FileOptions flag asks for
/// O_NONBLOCK. So on Linux the file is opened here with <c>open(2)</c> and O_RDONLY | O_NONBLOCK | O_CLOEXEC |
/// O_NOCTTY (a FIFO then opens at once, a socket fails with ENXIO), wrapped in a SafeFileHandle, checked with
/// <c>statx(2)</c> on that very descriptor (so a file swapped for a FIFO between the check of the path and the open is
/// still refused), and only a regular file is read, bounded. O_NONBLOCK has no effect on reads of regular files.
/// statx is used rather than stat because its struct has one layout on every architecture; the flag values are the
/// asm-generic ones of x86-64 and AArch64 (elsewhere the plain .NET calls below are used, which cannot tell a FIFO).
/// </summary>
internal static partial class LocalFile
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7FF;
    private const int OpenReadOnly = 0;
    private const int OpenNoControllingTerminal = 0x100;
    private const int OpenNonBlocking = 0x800;
    private const int OpenCloseOnExec = 0x80000;
    private const int StatxSize = 256;

    private static readonly bool Native = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>What <paramref name="path"/> names, following links; <see cref="FileFacts.Missing"/> when nothing is there.</summary>
    public static FileFacts Stat(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Native)
        {
            return ManagedStat(path);
        }

        var (facts, _) = StatNative(AtFdCwd, path, 0);
        return facts;
    }

    /// <summary>The bytes of the regular file at <paramref name="path"/>, at most <paramref name="limit"/> (more is <see cref="ReadFailure.TooLarge"/>).</summary>
    public static LocalRead Read(string path, int limit)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Native)
        {
            return ManagedRead(path, limit);
        }

        // The type is checked before opening (a FIFO or a socket is never opened), and again on the open descriptor.
        var (before, _) = StatNative(AtFdCwd, path, 0);
        if (Refuse(before, limit) is { } refused)
        {
            return refused;
        }

        var fd = Open(path, OpenReadOnly | OpenNonBlocking | OpenCloseOnExec | OpenNoControllingTerminal);
        if (fd < 0)
        {
            return OpenFailed(Marshal.GetLastPInvokeError());
        }

        using var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        var (facts, error) = StatNative(fd, string.Empty, AtEmptyPath);
        if (facts.Kind == FileKind.Missing)
        {
            return LocalRead.Fail(ReadFailure.Unreadable, $"cannot be examined: {Marshal.GetPInvokeErrorMessage(error)}");
        }

        return Refuse(facts, limit) ?? ReadBounded(handle, facts.Length, limit);
    }

    /// <summary>Flushes a folder's entries to disk (after a rename into it), where the platform allows it; best effort.</summary>
    public static void FlushFolder(string folder)
    {
        if (!Native)
        {
            return;
        }

        var fd = Open(folder, OpenReadOnly | OpenCloseOnExec);
        if (fd >= 0)
        {
            using var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
            _ = Fsync(fd);
        }
    }

    private static LocalRead? Refuse(FileFacts facts, int limit) => facts.Kind switch
    {
        FileKind.Missing => LocalRead.Fail(ReadFailure.Vanished, "the file disappeared"),
        FileKind.Regular when facts.Length > limit => LocalRead.Fail(ReadFailure.TooLarge, $"is {facts.Length} bytes; the limit is {limit}"),
        FileKind.Regular => null,
        _ => LocalRead.Fail(ReadFailure.NotRegular, $"is {FileFacts.Describe(facts.Kind)}, not a regular file, so it is never opened"),
    };

    private static LocalRead ReadBounded(SafeFileHandle handle, long length, int limit)
    {
        if (length > limit)
        {
            return LocalRead.Fail(ReadFailure.TooLarge, $"is {length} bytes; the limit is {limit}");
        }

        var buffer = new BoundedBuffer(limit, length);
        try
        {
            int read;
            while ((read = RandomAccess.Read(handle, buffer.Free.Span, buffer.Count)) > 0)
            {
                if (!buffer.Advance(read))
                {
                    return LocalRead.Fail(ReadFailure.TooLarge, $"grew past {limit} bytes while being read; the limit is {limit}");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return LocalRead.Fail(ReadFailure.Unreadable, $"cannot be read: {ex.Message}");
        }

        return new LocalRead(buffer.ToArray(), ReadFailure.None, null);
    }

    private static LocalRead OpenFailed(int errno)
    {
        const int NoEntry = 2, NoDevice = 6, NotDirectory = 20;
        return errno switch
        {
            NoEntry or NotDirectory => LocalRead.Fail(ReadFailure.Vanished, "the file disappeared"),
            NoDevice => LocalRead.Fail(ReadFailure.NotRegular, "is a socket or a device without a driver, not a regular file"),
            _ => LocalRead.Fail(ReadFailure.Unreadable, $"cannot be opened: {Marshal.GetPInvokeErrorMessage(errno)}"),
        };
    }

    private static unsafe (FileFacts Facts, int Error) StatNative(int directory, string path, int flags)
    {
        var buffer = stackalloc byte[StatxSize];
        if (Statx(directory, path, flags, StatxBasicStats, buffer) != 0)
        {
            return (FileFacts.Missing, Marshal.GetLastPInvokeError());
        }

        var span = new ReadOnlySpan<byte>(buffer, StatxSize);
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(span[0x1C..]);
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(span[0x20..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(span[0x28..]);
        var modified = Timestamp(span[0x70..]);
        var changed = Max(Timestamp(span[0x60..]), modified);
        var device = string.Create(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadUInt32LittleEndian(span[0x88..])}:{BinaryPrimitives.ReadUInt32LittleEndian(span[0x8C..])}:{inode}");
        return (new FileFacts(KindOf(mode), size, changed, modified, device), 0);
    }

    // statx_timestamp: seconds (s64), nanoseconds (u32), reserved.
    private static DateTimeOffset Timestamp(ReadOnlySpan<byte> span)
    {
        var seconds = Math.Clamp(BinaryPrimitives.ReadInt64LittleEndian(span), -62135596800L, 253402300799L);
        var nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(Math.Min(nanoseconds, 999_999_999u) / 100);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static FileKind KindOf(ushort mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.SymbolicLink,
        0x1000 => FileKind.Fifo,
        0xC000 => FileKind.Socket,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        _ => FileKind.Other,
    };

    private static FileFacts ManagedStat(string path)
    {
        var info = new FileInfo(path);
        if (info.Exists)
        {
            return new FileFacts(FileKind.Regular, info.Length, info.LastWriteTimeUtc, info.LastWriteTimeUtc, info.FullName);
        }

        return Directory.Exists(path) ? new FileFacts(FileKind.Directory, 0, DateTimeOffset.MinValue, DateTimeOffset.MinValue, path) : FileFacts.Missing;
    }

    private static LocalRead ManagedRead(string path, int limit)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return ReadBounded(handle, RandomAccess.GetLength(handle), limit);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return LocalRead.Fail(ReadFailure.Vanished, "the file disappeared");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return LocalRead.Fail(ReadFailure.Unreadable, $"cannot be read: {ex.Message}");
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);
}
