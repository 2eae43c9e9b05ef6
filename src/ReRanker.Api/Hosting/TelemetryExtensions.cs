using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using ReRanker.Api.Infrastructure;
using ReRanker.Api.Settings;

namespace ReRanker.Api.Hosting;

/// <summary>Metrics through OpenTelemetry: every meter below is served at /metrics and, when configured, sent over OTLP.</summary>
public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// The meters exported, in one place: adding a meter is one line. "ReRanker.*" takes every meter of this service
    /// (ReRanker.Api here; the registry's and the decision log's as they come). ASP.NET Core's own meters give
    /// http.server.request.duration per route and status, handled exceptions and rate-limit rejections.
    /// </summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        "ReRanker.*",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Diagnostics",
        "System.Runtime",
    ];

    public static WebApplicationBuilder AddReRankerTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddSingleton<ApiMetrics>();
        var serviceName = configuration[$"{TelemetryOptions.Section}:{nameof(TelemetryOptions.ServiceName)}"] is { Length: > 0 } name ? name : new TelemetryOptions().ServiceName;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([.. Meters]);
                // No response cache: a scrape always sees the counts of this moment (Prometheus scrapes every few seconds at most).
                metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                if (TelemetryOptions.OtlpConfigured(configuration))
                {
                    metrics.AddOtlpExporter((exporter, _) => ConfigureOtlp(exporter, configuration));
                }
            });
        return builder;
    }

    /// <summary>GET /metrics (Prometheus text format), never rate limited, logged at Debug when it succeeds.</summary>
    public static WebApplication MapReRankerMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Created now, so its observable instruments (the log queue) are there from the first scrape.
        app.Services.GetRequiredService<ApiMetrics>();
        app.MapPrometheusScrapingEndpoint(MetricsPath).DisableRateLimiting().WithMetadata(QuietRequestLog.Instance);
        return app;
    }

    /// <summary>An endpoint from OpenTelemetry:OtlpEndpoint wins; otherwise the exporter reads OTEL_EXPORTER_OTLP_* itself.</summary>
    private static void ConfigureOtlp(OpenTelemetry.Exporter.OtlpExporterOptions exporter, IConfiguration configuration)
    {
        var options = new TelemetryOptions();
        configuration.GetSection(TelemetryOptions.Section).Bind(options);
        if (TelemetryOptions.IsCollectorUri(options.OtlpEndpoint, out var endpoint))
        {
            exporter.Endpoint = endpoint!;
            exporter.Protocol = options.OtlpProtocol;
        }
    }
}
