using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace ReRanker.Deploy.Tests.Infrastructure;

/// <summary>What a registry folder holds (sha256 per file) and what a running service serves (version per domain).</summary>
internal static class RegistrySnapshot
{
    /// <summary>sha256 of every file under <paramref name="root"/>, by path relative to it ('/' separated).</summary>
    public static IReadOnlyDictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(
                f => Path.GetRelativePath(root, f).Replace('\\', '/'),
                f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))),
                StringComparer.Ordinal);

    /// <summary>GET /v1/domains: the served version of every domain (null when the default policy applies).</summary>
    public static async Task<IReadOnlyDictionary<string, int?>> ServedVersionsAsync(HttpClient client)
    {
        using var document = await client.GetFromJsonAsync<JsonDocument>(new Uri("/v1/domains", UriKind.Relative))
            ?? throw new InvalidDataException("GET /v1/domains returned nothing");
        return document.RootElement.GetProperty("domains").EnumerateArray().ToDictionary(
            d => d.GetProperty("domain").GetString()!,
            d => d.GetProperty("servedVersion") is { ValueKind: JsonValueKind.Number } v ? v.GetInt32() : (int?)null,
            StringComparer.Ordinal);
    }

    /// <summary>GET /v1/domains/{domain}: its served version.</summary>
    public static async Task<int?> ServedVersionAsync(HttpClient client, string domain)
    {
        using var document = await client.GetFromJsonAsync<JsonDocument>(new Uri($"/v1/domains/{domain}", UriKind.Relative))
            ?? throw new InvalidDataException($"GET /v1/domains/{domain} returned nothing");
        return document.RootElement.GetProperty("servedVersion") is { ValueKind: JsonValueKind.Number } v ? v.GetInt32() : null;
    }
}
