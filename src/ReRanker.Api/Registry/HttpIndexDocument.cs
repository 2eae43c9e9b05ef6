using System.Text.Json;
using ReRanker.Core.Model;

namespace ReRanker.Api.Registry;

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
        foreach (var domain in domains.EnumerateObject().OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (!DomainName.IsValid(domain.Name))
            {
                ignored.Ignore(domain.Name, $"not a domain name ({DomainName.Pattern})");
                continue;
            }

            listings.Add(ParseDomain(domain, pins, indexUrl, baseUrl));
        }

        return new SourceListing(listings);
    }

    private static DomainListing ParseDomain(JsonProperty domain, JsonElement pins, Uri indexUrl, Uri baseUrl)
    {
        var name = domain.Name;
        var pinLocation = $"{indexUrl}#pinned.{name}";
        var problems = new List<ListingProblem>();
        var versions = new List<VersionCandidate>();
        if (domain.Value.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new ListingProblem($"{indexUrl}#domains.{name}", "must be an array of {version, url, sha256}"));
        }
        else
        {
            var index = 0;
            foreach (var entry in domain.Value.EnumerateArray())
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

        int? pinnedVersion = null;
        if (pins.ValueKind == JsonValueKind.Object && pins.TryGetProperty(name, out var pin))
        {
            if (pin.ValueKind == JsonValueKind.Number && pin.TryGetInt32(out var p) && p > 0)
            {
                pinnedVersion = p;
            }
            else
            {
                problems.Add(new ListingProblem(pinLocation, "pinned must be a positive version number"));
            }
        }

        return new DomainListing(name, versions, pinnedVersion, pinLocation, problems);
    }

    private static string? ParseEntry(JsonElement entry, string domain, Uri indexUrl, Uri baseUrl, out VersionCandidate? candidate)
    {
        candidate = null;
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return "must be an object {version, url, sha256}";
        }

        if (!entry.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var version) || version < 1)
        {
            return "version must be a positive whole number";
        }

        if (!entry.TryGetProperty("sha256", out var s) || s.ValueKind != JsonValueKind.String || !IsSha256Hex(s.GetString()!))
        {
            return "sha256 must be 64 lower-case hex digits";
        }

        if (!entry.TryGetProperty("url", out var u) || u.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(indexUrl, u.GetString(), out var url))
        {
            return "url must be a URL relative to the index";
        }

        // The HTTP twin of "nothing outside the root": same origin, under the index's folder, no escaping with "..".
        if (url.Scheme != indexUrl.Scheme || !string.Equals(url.Authority, indexUrl.Authority, StringComparison.OrdinalIgnoreCase)
            || !url.AbsolutePath.StartsWith(baseUrl.AbsolutePath, StringComparison.Ordinal) || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            return $"url '{Shorten(u.GetString()!)}' resolves outside the index's folder {baseUrl}";
        }

        var sha = s.GetString()!;
        candidate = new VersionCandidate(domain, version, url.AbsoluteUri, url.AbsoluteUri, $"{url.AbsoluteUri}|{sha}", sha);
        return null;
    }

    private static bool IsSha256Hex(string value) => value.Length == 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private static string Shorten(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 80), "…");
}
