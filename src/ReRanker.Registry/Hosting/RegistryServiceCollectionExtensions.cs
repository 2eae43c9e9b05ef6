using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ReRanker.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the weight registry: <see cref="RegistryOptions"/> bound from the section "Registry" of
    /// <paramref name="configuration"/> and validated at start-up, <see cref="IWeightRegistry"/>,
    /// <see cref="IWeightPublisher"/>, the hosted service that scans the source, and the HTTP source's named client
    /// (<see cref="RegistryHttpClient.Name"/>); its resilience handler is the caller's to add
    /// (<c>AddHttpClient(RegistryHttpClient.Name).AddResilienceHandler(RegistryHttpClient.PipelineName, RegistryHttpClient.ConfigureResilience)</c>).
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The application's root configuration (the "Registry" section is read from it).</param>
    public static IServiceCollection AddWeightRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RegistryOptions>().Bind(configuration.GetSection(RegistryOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RegistryCircuit>();
        services.AddMetrics();
        services.TryAddSingleton<RegistryMetrics>();
        // The HTTP source's client: no redirects, connections renewed (DNS changes), no per-request log lines (a poll
        // every few seconds would drown the log), timeouts per attempt in the resilience handler the service adds.
        services.AddHttpClient(RegistryHttpClient.Name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
            .RemoveAllLoggers();
        services.TryAddSingleton<IWeightSource>(CreateSource);
        services.TryAddSingleton<WeightRegistryManager>();
        services.TryAddSingleton<IWeightRegistry>(sp => sp.GetRequiredService<WeightRegistryManager>());
        services.TryAddSingleton<IWeightPublisher, WeightPublisher>();
        services.AddHostedService<RegistryRefreshService>();
        return services;
    }

    private static IWeightSource CreateSource(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<RegistryOptions>>();
        var time = services.GetRequiredService<TimeProvider>();
        return options.Value.IsHttp
            ? new HttpIndexSource(
                services.GetRequiredService<IHttpClientFactory>(), services.GetRequiredService<RegistryCircuit>(), options, time, services.GetRequiredService<ILogger<HttpIndexSource>>())
            : new LocalDirectorySource(options, time, services.GetRequiredService<ILogger<LocalDirectorySource>>());
    }
}
