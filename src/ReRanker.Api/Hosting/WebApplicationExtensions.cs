using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using ReRanker.Api.Endpoints;
using ReRanker.Api.Infrastructure;
using ReRanker.Api.Settings;

namespace ReRanker.Api.Hosting;

/// <summary>The request pipeline and endpoint map behind Program.cs's table of contents.</summary>
public static class WebApplicationExtensions
{
    /// <summary>
    /// Request log (outermost, so it sees the final status), exception handler, problem details for bare status codes,
    /// routing, and rate limits when RateLimiting:PermitLimit is above 0 at start-up. Off (the default), the rate
    /// limiter is not in the pipeline at all: its partitioned limiter takes one lock shared by every request, even to
    /// hand out "no limit" (docs/performance.md).
    /// </summary>
    public static WebApplication UseReRankerPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseReRankerRequestLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        if (RateLimitingMayBeOn(app.Configuration))
        {
            app.UseRateLimiter();
        }

        return app;
    }

    // Read from the raw setting, not the options: validation (of every section together) belongs to the start.
    // Anything but a whole number up to 0 keeps the limiter in, and the start-up validation reports a bad value.
    private static bool RateLimitingMayBeOn(IConfiguration configuration) =>
        !(configuration[$"{RateLimitingOptions.Section}:{nameof(RateLimitingOptions.PermitLimit)}"] is not { } limit
          || (int.TryParse(limit, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var permits) && permits <= 0));

    public static WebApplication MapReRankerEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapRerankEndpoints();
        app.MapFeedbackEndpoints();
        app.MapDecisionLogEndpoints();
        app.MapDomainEndpoints();
        app.MapRegistryEndpoints();
        app.MapAdminEndpoints();
        app.MapHealthEndpoints();
        return app;
    }

    /// <summary>At start-up, logs the configuration summary and where Swagger UI is; at shutdown, that in-flight requests are finishing.</summary>
    public static WebApplication LogStartupAndShutdown(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ReRanker.Api");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var admin = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
            var reranking = app.Services.GetRequiredService<IOptions<RerankingOptions>>().Value;
            var rate = app.Services.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
            Log.Configuration(logger, admin.Enabled ? "on" : "off (no Admin:ApiKey)", reranking.UnweightedDomainPolicy.ToString(),
                rate.Enabled ? $"{rate.PermitLimit} per {rate.WindowSeconds} s" : "off");
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                var root = address.TrimEnd('/');
                Log.Listening(logger, address, root + SwaggerExtensions.UiPath, root + TelemetryExtensions.MetricsPath);
            }
        });
        app.Lifetime.ApplicationStopping.Register(() => Log.Stopping(logger));
        return app;
    }
}
