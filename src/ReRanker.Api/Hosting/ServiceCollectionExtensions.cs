using System.Threading.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using ReRanker.Api.Endpoints;
using ReRanker.Api.Infrastructure;
using ReRanker.Api.Json;
using ReRanker.Api.Settings;

namespace ReRanker.Api.Hosting;

/// <summary>The service registrations behind Program.cs's table of contents.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Environment variables prefixed RERANKER__ (e.g. RERANKER__Registry__Path), with the command line still taking
    /// precedence. The appsettings files reload on change by polling them: the default watcher covers the content
    /// root's whole tree, which holds the decision log's default folder, so every segment write woke it.
    /// </summary>
    public static WebApplicationBuilder AddReRankerConfiguration(this WebApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var sources = builder.Configuration.Sources;
        var watchers = new HashSet<PhysicalFileProvider>();
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is FileConfigurationSource { ReloadOnChange: true, FileProvider: PhysicalFileProvider { UsePollingFileWatcher: false } watcher } file)
            {
                file.FileProvider = new PhysicalFileProvider(watcher.Root) { UsePollingFileWatcher = true, UseActivePolling = true };
                sources[i] = file; // set again, so the configuration rebuilds this file's provider on the polling one
                watchers.Add(watcher);
            }
        }

        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }

        builder.Configuration.AddEnvironmentVariables("RERANKER__").AddCommandLine(args);
        return builder;
    }

    /// <summary>Options (validated at start-up), JSON, problem details, the exception handler, health checks and rate limiting.</summary>
    public static WebApplicationBuilder AddReRankerApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<RerankingOptions>().Bind(configuration.GetSection(RerankingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RerankingOptions>, RerankingOptionsValidator>();
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddOptions<RateLimitingOptions>().Bind(configuration.GetSection(RateLimitingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidator>();

        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        services.AddProblemDetails();
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        services.AddSingleton<ApiDiagnostics>();
        services.AddHealthChecks().AddCheck<RegistryReadinessCheck>(RegistryReadinessCheck.Name, tags: [HealthEndpoints.ReadyTag]);
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(15));
        services.AddReRankerRateLimiting();
        return builder;
    }

    /// <summary>A fixed window per client IP on /v1 routes, active only when RateLimiting:PermitLimit is above 0.</summary>
    private static IServiceCollection AddReRankerRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var settings = http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitingOptions>>().CurrentValue;
                if (!settings.Enabled || !http.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitLimit,
                    Window = TimeSpan.FromSeconds(settings.WindowSeconds),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var http = rejected.HttpContext;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = "The rate limit (RateLimiting:PermitLimit per RateLimiting:WindowSeconds) is exceeded; retry later.",
                        Type = "https://tools.ietf.org/html/rfc6585#section-4",
                    },
                });
            };
        });
}
