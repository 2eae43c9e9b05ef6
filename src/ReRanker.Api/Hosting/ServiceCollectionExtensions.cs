using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReRanker.Api.Infrastructure;
using ReRanker.Api.Json;
using ReRanker.Api.Settings;
using Serilog;
using Serilog.Settings.Configuration;

namespace ReRanker.Api.Hosting;

/// <summary>The service registrations behind Program.cs's table of contents.</summary>
public static class ServiceCollectionExtensions
{
    private const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Environment variables prefixed RERANKER__ (e.g. RERANKER__Registry__Path), with the command line still taking precedence.</summary>
    public static WebApplicationBuilder AddReRankerConfiguration(this WebApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddEnvironmentVariables("RERANKER__").AddCommandLine(args);
        return builder;
    }

    /// <summary>Serilog as the only logging provider, configured from the "Serilog" section (JSON to the console, written in the background).</summary>
    public static WebApplicationBuilder AddReRankerSerilog(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var readerOptions = new ConfigurationReaderOptions(
            typeof(ConsoleLoggerConfigurationExtensions).Assembly, typeof(Serilog.Formatting.Json.JsonFormatter).Assembly,
            typeof(Logging.BackgroundSinkExtensions).Assembly)
        {
            SectionName = "Serilog",
        };
        var logger = new LoggerConfiguration().ReadFrom.Configuration(builder.Configuration, readerOptions)
            .Filter.ByExcluding(StartupFailure.IsReportedByTheHost) // a failed start is told in one line (Program.cs)
            .CreateLogger();
        builder.Logging.ClearProviders().AddSerilog(logger, dispose: true);
        return builder;
    }

    /// <summary>Options (validated at start-up), JSON, problem details, the exception handler and rate limiting.</summary>
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
        // ASP.NET Core's hosting diagnostics put the raw request path (caller text) on every line logged during a request
        // (its log scope) and in its own request lines; the service logs route templates instead, so that source stays off
        // (Serilog's provider comes with a rule of its own for every category, which only a rule for it overrides).
        builder.Logging.AddFilter(HostingDiagnosticsCategory, LogLevel.None)
            .AddFilter<Serilog.Extensions.Logging.SerilogLoggerProvider>(HostingDiagnosticsCategory, LogLevel.None);
        services.AddSingleton<ApiDiagnostics>();
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
