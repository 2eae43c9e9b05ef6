using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ReRanker.Api.Settings;

namespace ReRanker.Api.Infrastructure;

/// <summary>Marks an endpoint as needing X-Api-Key (read by the Swagger filter).</summary>
public sealed class RequiresApiKeyMetadata;

/// <summary>
/// Guards admin endpoints: 404 when no key is configured (the endpoints are off), 401 when X-Api-Key is
/// missing or wrong. Keys are compared in constant time over their SHA-256 digests, so neither the
/// content nor the length of the configured key leaks through timing. The key is never logged.
/// </summary>
public sealed class ApiKeyFilter(IOptionsMonitor<AdminOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var configured = options.CurrentValue.ApiKey;
        if (string.IsNullOrEmpty(configured))
        {
            return Problems.AdminDisabled();
        }

        var headers = context.HttpContext.Request.Headers;
        if (!headers.TryGetValue(HeaderName, out var sent) || sent.Count != 1 || !KeysMatch(sent[0], configured))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\"";
            return Problems.Unauthorized();
        }

        return await next(context);
    }

    internal static bool KeysMatch(string? sent, string configured)
    {
        if (string.IsNullOrEmpty(sent))
        {
            return false;
        }

        Span<byte> sentHash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> configuredHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(sent), sentHash);
        SHA256.HashData(Encoding.UTF8.GetBytes(configured), configuredHash);
        return CryptographicOperations.FixedTimeEquals(sentHash, configuredHash);
    }
}
