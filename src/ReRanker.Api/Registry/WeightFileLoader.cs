using System.Security.Cryptography;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;

namespace ReRanker.Api.Registry;

/// <summary>
/// Turns the bytes of a version file into served weights: format v1 validation (Core's serializer), the path rules
/// (the <c>domain</c> and <c>version</c> inside must match <c>&lt;domain&gt;/&lt;version&gt;.json</c>) and the sha256.
/// Pure: no I/O, so local and HTTP sources share it.
/// </summary>
internal static class WeightFileLoader
{
    public static LoadOutcome Load(ReadOnlySpan<byte> bytes, VersionCandidate candidate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var read = WeightFileSerializer.Read(bytes);
        if (!read.IsValid)
        {
            return LoadOutcome.Invalid(read.Describe());
        }

        var file = read.File!;
        var pathErrors = PathErrors(file, candidate.Domain, candidate.Version);
        if (pathErrors.Count > 0)
        {
            return LoadOutcome.Invalid(string.Join("; ", pathErrors));
        }

        return LoadOutcome.Valid(new LoadedVersion(new DomainWeights(file), Sha256Hex(bytes), candidate.Location, now));
    }

    /// <summary>Validates an upload for <paramref name="domain"/>; the version inside is ignored (the registry assigns it).</summary>
    public static WeightFileReadResult ValidateUpload(ReadOnlySpan<byte> bytes, string domain)
    {
        if (!DomainName.IsValid(domain))
        {
            return WeightFileReadResult.Invalid("domain", $"the domain in the route does not match {DomainName.Pattern}");
        }

        var read = WeightFileSerializer.Read(bytes);
        if (read.IsValid && !string.Equals(read.File!.Domain, domain, StringComparison.Ordinal))
        {
            return WeightFileReadResult.Invalid("domain", $"the file is for domain '{read.File.Domain}', not '{domain}'");
        }

        return read;
    }

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static List<WeightFileError> PathErrors(WeightFile file, string domain, int version)
    {
        var errors = new List<WeightFileError>();
        if (!string.Equals(file.Domain, domain, StringComparison.Ordinal))
        {
            errors.Add(new WeightFileError("domain", $"'{file.Domain}' inside the file does not match its folder '{domain}'"));
        }

        if (file.Version != version)
        {
            errors.Add(new WeightFileError("version", $"{file.Version} inside the file does not match its name {version}.json"));
        }

        return errors;
    }
}
