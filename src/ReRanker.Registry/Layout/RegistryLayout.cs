using System.Globalization;

namespace ReRanker.Registry;

/// <summary>
/// The naming rules of a registry, <c>&lt;root&gt;/&lt;domain&gt;/&lt;version&gt;.json</c> plus an optional <c>PINNED</c>,
/// and what a version number is. One definition for the scanner, the publisher, the HTTP index and the trainer, so
/// a number one of them writes is a number the others read.
/// </summary>
public static class RegistryLayout
{
    public const string PinFileName = "PINNED";

    /// <summary>Names the domain's candidate: a version ranked in the shadow of every request, never served (docs/registry.md).</summary>
    public const string CandidateFileName = "CANDIDATE";

    /// <summary>The highest version number: nine decimal digits, so every version fits a file name, PINNED and an int.</summary>
    public const int MaxVersion = 999_999_999;

    /// <summary>What a version number is, in words, for error messages.</summary>
    public const string VersionRule = "a whole number from 1 to 999999999, written without sign or leading zero";

    private const string Extension = ".json";

    /// <summary>True when <paramref name="version"/> is a version number (1 to <see cref="MaxVersion"/>).</summary>
    public static bool IsVersion(long version) => version is >= 1 and <= MaxVersion;

    public static string VersionFileName(int version)
    {
        if (!IsVersion(version))
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, $"a version number is {VersionRule}");
        }

        return version.ToString(CultureInfo.InvariantCulture) + Extension;
    }

    /// <summary>True for a version number written canonically: 1 to 9 ASCII digits, the first not 0.</summary>
    public static bool TryParseVersion(ReadOnlySpan<char> text, out int version)
    {
        version = 0;
        if (text.Length is 0 or > 9 || text[0] == '0')
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            version = (version * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>True for <c>&lt;version&gt;.json</c> (see <see cref="TryParseVersion"/>): <c>7.json</c>, never <c>007.json</c> or <c>+7.json</c>.</summary>
    public static bool TryParseVersionFileName(string? name, out int version)
    {
        version = 0;
        return name is not null && name.EndsWith(Extension, StringComparison.Ordinal)
            && TryParseVersion(name.AsSpan(0, name.Length - Extension.Length), out version);
    }

    /// <summary>The version a PINNED or CANDIDATE file's text names: one version number, surrounding white space allowed.</summary>
    public static bool TryParsePinned(string text, out int version)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseVersion(text.AsSpan().Trim(), out version);
    }

    /// <summary>
    /// The number the next version of a domain gets: one more than the highest version number in use (valid file or
    /// not: a broken <c>7.json</c> still owns 7). Null when <see cref="MaxVersion"/> is taken: no number is left.
    /// </summary>
    public static int? NextVersion(IEnumerable<int> versionsInUse)
    {
        ArgumentNullException.ThrowIfNull(versionsInUse);
        var next = (long)versionsInUse.DefaultIfEmpty(0).Max() + 1;
        return IsVersion(next) ? (int)next : null;
    }
}
