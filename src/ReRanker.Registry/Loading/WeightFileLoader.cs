using System.Security.Cryptography;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;

namespace ReRanker.Registry;

/// <summary>
/// Turns the bytes of a version file into served weights: format validation (Core's serializer), the path rules (the
/// <c>domain</c> and <c>version</c> inside must match <c>&lt;domain&gt;/&lt;version&gt;.json</c>) and the sha256; and
/// the one definition of a valid upload. Never throws on content: whatever the bytes, the answer is a verdict.
/// </summary>
public static class WeightFileLoader
{
    /// <summary>
    /// What a valid upload for <paramref name="domain"/> is: a valid domain name, a valid weight file for that very
    /// domain. The <c>version</c> inside is ignored (the registry assigns it). Used by the publisher and by every
    /// test double of it.
    /// </summary>
    public static WeightFileReadResult ValidateUpload(ReadOnlySpan<byte> bytes, string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (!DomainName.IsValid(domain))
        {
            return WeightFileReadResult.Invalid("domain", $"the domain in the route does not match {DomainName.Pattern}");
        }

        var read = Read(bytes);
        if (read.IsValid && !string.Equals(read.File!.Domain, domain, StringComparison.Ordinal))
        {
            return WeightFileReadResult.Invalid("domain", $"the file is for domain '{read.File.Domain}', not '{domain}'");
        }

        return read;
    }

    /// <summary>Reads the weight file at <paramref name="path"/> (any regular file, bounded, never blocking); its name and folder do not matter.</summary>
    public static WeightFileReadResult ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var read = LocalFile.Read(path, WeightFile.MaxBytes);
        return read.Failure == ReadFailure.None
            ? Read(read.Bytes)
            : WeightFileReadResult.Invalid("$", read.Failure == ReadFailure.Vanished ? "the file does not exist" : $"the file {read.Problem}");
    }

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    internal static LoadOutcome Load(ReadOnlySpan<byte> bytes, VersionCandidate candidate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var read = Read(bytes);
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

    // The serializer reports bad content as errors; this net turns anything it still throws into one rejection, so
    // no file can abort a scan.
    private static WeightFileReadResult Read(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return WeightFileSerializer.Read(bytes);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            return WeightFileReadResult.Invalid("$", $"cannot be read as a weight file ({ex.GetType().Name})");
        }
    }

    private static List<WeightFileError> PathErrors(WeightFile file, string domain, int version)
    {
        var errors = new List<WeightFileError>();
        if (!string.Equals(file.Domain, domain, StringComparison.Ordinal))
        {
            errors.Add(new WeightFileError("domain", $"'{file.Domain}' inside the file does not match its folder '{domain}'"));
        }

        if (file.Version != version)
        {
            errors.Add(new WeightFileError("version", $"{file.Version} inside the file does not match its name {RegistryLayout.VersionFileName(version)}"));
        }

        return errors;
    }
}
