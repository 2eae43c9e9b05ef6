using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ReRanker.Api.Options;

/// <summary>Admin endpoints. Section "Admin". With no <see cref="ApiKey"/> the admin endpoints answer 404.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    public const int MinimumKeyLength = 16;

    /// <summary>The key clients send as X-Api-Key. Never logged. Empty or absent turns the admin endpoints off.</summary>
    [MinLength(MinimumKeyLength, ErrorMessage = "Admin:ApiKey must be at least 16 characters when set (leave it empty to turn the admin endpoints off).")]
    public string? ApiKey { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(ApiKey);
}

[OptionsValidator]
public sealed partial class AdminOptionsValidator : IValidateOptions<AdminOptions>;
