using Microsoft.Extensions.Options;

namespace ReRanker.Api.Settings;

/// <summary>Admin endpoints. Section "Admin". With no <see cref="ApiKey"/> the admin endpoints answer 404.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    public const int MinimumKeyLength = 16;

    /// <summary>The key clients send as X-Api-Key. Never logged. Empty or absent turns the admin endpoints off.</summary>
    public string? ApiKey { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(ApiKey);
}

/// <summary>An empty key means "off"; a short key is refused at start-up rather than accepted as weak.</summary>
public sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Enabled && (options.ApiKey!.Length < AdminOptions.MinimumKeyLength || options.ApiKey.Any(char.IsWhiteSpace)))
        {
            return ValidateOptionsResult.Fail(
                $"Admin:ApiKey must be at least {AdminOptions.MinimumKeyLength} characters without spaces when set (leave it empty to turn the admin endpoints off).");
        }

        return ValidateOptionsResult.Success;
    }
}
