using System.Globalization;

namespace ReRanker.Core.Weights;

/// <summary>
/// The naming rules of a registry folder, <c>&lt;root&gt;/&lt;domain&gt;/&lt;version&gt;.json</c> plus an optional
/// <c>PINNED</c>: one definition for the service's registry and the trainer, so both agree on what is served.
/// </summary>
public static class RegistryLayout
{
    public const string PinFileName = "PINNED";

    public static string VersionFileName(int version) => version.ToString(CultureInfo.InvariantCulture) + ".json";

    /// <summary>True for <c>&lt;positive integer&gt;.json</c> written canonically (no sign, no leading zero).</summary>
    public static bool TryParseVersionFileName(string? name, out int version)
    {
        version = 0;
        if (name is null || !name.EndsWith(".json", StringComparison.Ordinal))
        {
            return false;
        }

        var stem = name.AsSpan(0, name.Length - ".json".Length);
        return stem.Length is > 0 and <= 9 && stem[0] != '0'
            && int.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;
    }

    /// <summary>The version a PINNED file's text names: a positive integer, surrounding white space allowed.</summary>
    public static bool TryParsePinned(string text, out int version)
    {
        ArgumentNullException.ThrowIfNull(text);
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;
    }
}
