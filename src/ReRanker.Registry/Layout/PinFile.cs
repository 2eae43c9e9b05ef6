using System.Text;
using ReRanker.Core.Text;

namespace ReRanker.Registry;

/// <summary>
/// Reads a local <c>PINNED</c> or <c>CANDIDATE</c> file (the one rule for both): the version it names, or why it names
/// none. Never blocks, never throws.
/// </summary>
internal static class PinFile
{
    private const int MaxPinBytes = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The pin at <paramref name="path"/>: absent, a version, or unusable (with the reason). Never reads through a link
    /// that leaves <paramref name="realRoot"/>.
    /// </summary>
    public static PinState Read(string path, string realRoot, string name = RegistryLayout.PinFileName)
    {
        if (LocalFile.Stat(path).Kind == FileKind.Missing && RealPath.LinkTarget(path) is null)
        {
            return PinState.Absent;
        }

        var real = RealPath.Resolve(path);
        if (real is null || !RealPath.IsInside(real, realRoot))
        {
            return PinState.Unusable($"{name} resolves outside the registry root (or nowhere), so it is not read");
        }

        var changedAt = LocalFile.Stat(real).ChangedAt;
        var read = LocalFile.Read(real, MaxPinBytes);
        switch (read.Failure)
        {
            case ReadFailure.Vanished:
                return PinState.Absent;
            case ReadFailure.TooLarge:
                return PinState.Unusable($"{name} is over {MaxPinBytes} bytes; it must hold only a version number", changedAt);
            case ReadFailure.None:
                break;
            default:
                return PinState.Unusable($"{name} {read.Problem}", changedAt);
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(read.Bytes!);
        }
        catch (DecoderFallbackException)
        {
            return PinState.Unusable($"{name} is not UTF-8 text", changedAt);
        }

        return RegistryLayout.TryParsePinned(text, out var version)
            ? PinState.Pinned(version, changedAt)
            : PinState.Unusable($"{name} must hold one version number ({RegistryLayout.VersionRule}), not '{JsonText.Printable(text.Trim(), 20)}'", changedAt);
    }
}
