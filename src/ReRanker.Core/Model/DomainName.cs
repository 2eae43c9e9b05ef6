using System.Text.RegularExpressions;

namespace ReRanker.Core.Model;

/// <summary>The one rule for domain names, shared by the registry layout, weight files and the API.</summary>
public static partial class DomainName
{
    public const string Pattern = "^[a-z0-9][a-z0-9_.-]{0,63}$";

    public static bool IsValid(string? name) => name is not null && DomainNameRegex().IsMatch(name);

    // \z rather than $: "$" would also accept a trailing newline.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9_.-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DomainNameRegex();
}
