using System.Text.Json;
using ReRanker.Core.Model;
using ReRanker.Core.Text;

namespace ReRanker.Registry;

/// <summary>
/// The HTTP source's index document (docs/registry.md):
/// <c>{"domains":{"music":[{"version":3,"url":"music/3.json","sha256":"…"}]},"pinned":{"music":2}}</c>.
/// URLs are relative to the index URL and must stay under its folder on the same origin.
/// </summary>
internal static class HttpIndexDocument
{
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>Parses the index. Throws <see cref="JsonException"/> or <see cref="FormatException"/> when the document as a whole is unusable.</summary>
    public static SourceListing Parse(ReadOnlySpan<byte> utf8Json, Uri indexUrl, IgnoredNames ignored)
    {
        ArgumentNullException.ThrowIfNull(indexUrl);
        ArgumentNullException.ThrowIfNull(ignored);
        using var document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("domains", out var domains) || domains.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the index must be an object with a 'domains' object");
        }

        var pins = root.TryGetProperty("pinned", out var pinned) && pinned.ValueKind == JsonValueKind.Object ? pinned : default;
        var baseUrl = new Uri(indexUrl, ".");
        var listings = new List<DomainListing>();
        // Names go through the one decoding rule: a name that is not text (an unpaired surrogate escape) is ignored.
        var named = domains.EnumerateObject().Select(d => (Name: JsonText.TryGetName(d, out var n) ? n : null, Domain: d)).ToList();
        foreach (var (name, domain) in named.Where(d => d.Name is not null).OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (!DomainName.IsValid(name))
            {
                ignored.Ignore(name!, $"not a domain name ({DomainName.Pattern})");
                continue;
            }

            listings.Add(ParseDomain(name!, domain.Value, pins, indexUrl, baseUrl));
        }

        if (named.Any(d => d.Name is null))
        {
            ignored.Ignore("(a domain name that is not text)", JsonText.NotTextMessage);
        }

        return new SourceListing(listings);
    }

    private static DomainListing ParseDomain(string name, JsonElement entries, JsonElement pins, Uri indexUrl, Uri baseUrl)
    {
        var pinLocation = $"{indexUrl}#pinned.{name}";
        var problems = new List<ListingProblem>();
        var versions = new List<VersionCandidate>();
        if (entries.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new ListingProblem($"{indexUrl}#domains.{name}", "must be an array of {version, url, sha256}"));
        }
        else
        {
            var index = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                var where = $"{indexUrl}#domains.{name}[{index++}]";
                if (ParseEntry(entry, name, indexUrl, baseUrl, out var candidate) is { } reason)
                {
                    problems.Add(new ListingProblem(where, reason));
                }
                else if (versions.Any(v => v.Version == candidate!.Version))
                {
                    problems.Add(new ListingProblem(where, $"version {candidate!.Version} is listed twice; the first entry is used"));
                }
                else
                {
                    versions.Add(candidate!);
                }
            }
        }

        var pin = PinState.Absent;
        if (pins.ValueKind == JsonValueKind.Object && Pin(pins, name) is { } pinned)
        {
            pin = pinned.ValueKind == JsonValueKind.Number && pinned.TryGetInt32(out var p) && RegistryLayout.IsVersion(p)
                ? PinState.Pinned(p)
                : PinState.Unusable($"pinned must be a version number ({RegistryLayout.VersionRule})");
        }

        return new DomainListing(name, versions, pin, pinLocation, problems);
    }

    private static string? ParseEntry(JsonElement entry, string domain, Uri indexUrl, Uri baseUrl, out VersionCandidate? candidate)
    {
        candidate = null;
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return "must be an object {version, url, sha256}";
        }

        if (!entry.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var version) || !RegistryLayout.IsVersion(version))
        {
            return $"version must be a version number ({RegistryLayout.VersionRule})";
        }

        if (!entry.TryGetProperty("sha256", out var s) || !JsonText.TryGetString(s, out var sha) || !IsSha256Hex(sha))
        {
            return "sha256 must be 64 lower-case hex digits";
        }

        if (!entry.TryGetProperty("url", out var u) || !JsonText.TryGetString(u, out var relative) || !Uri.TryCreate(indexUrl, relative, out var url))
        {
            return "url must be a URL relative to the index";
        }

        // The HTTP twin of "nothing outside the root": same origin, under the index's folder, no escaping with "..".
        if (url.Scheme != indexUrl.Scheme || !string.Equals(url.Authority, indexUrl.Authority, StringComparison.OrdinalIgnoreCase)
            || !url.AbsolutePath.StartsWith(baseUrl.AbsolutePath, StringComparison.Ordinal) || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            return $"url '{JsonText.Printable(relative, 80)}' resolves outside the index's folder {baseUrl}";
        }

        candidate = new VersionCandidate(domain, version, url.AbsoluteUri, url.AbsoluteUri, $"{url.AbsoluteUri}|{sha}", sha);
        return null;
    }

    // The pin of a domain, matched on decoded names (a pin whose name is not text pins nothing).
    private static JsonElement? Pin(JsonElement pins, string domain)
    {
        foreach (var pin in pins.EnumerateObject())
        {
            if (JsonText.TryGetName(pin, out var name) && string.Equals(name, domain, StringComparison.Ordinal))
            {
                return pin.Value;
            }
        }

        return null;
    }

    private static bool IsSha256Hex(string value) => value.Length == 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
