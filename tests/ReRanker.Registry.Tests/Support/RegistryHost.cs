using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReRanker.Registry;

namespace ReRanker.Registry.Tests;

/// <summary>A real generic host running AddWeightRegistry and the HTTP source's resilience handler, exactly as the API wires them (Hosting/RegistryHostingExtensions.cs), with test settings.</summary>
internal sealed class RegistryHost : IAsyncDisposable
{
    private readonly IHost _host;

    private RegistryHost(IHost host, CapturingLoggerProvider logs)
    {
        _host = host;
        Logs = logs;
    }

    /// <summary>Every log line the registry wrote.</summary>
    public CapturingLoggerProvider Logs { get; }

    public IWeightRegistry Registry => _host.Services.GetRequiredService<IWeightRegistry>();

    public IWeightPublisher Publisher => _host.Services.GetRequiredService<IWeightPublisher>();

    /// <summary>Starts a host on a local registry; fast timings unless overridden, and waits for the first scan.</summary>
    public static Task<RegistryHost> StartLocalAsync(string root, params (string Key, string Value)[] overrides) =>
        StartAsync([("Registry:Path", root), ("Registry:PollInterval", "00:00:05"), .. overrides]);

    /// <summary>Starts a host whose real local source is wrapped by <paramref name="wrap"/> (to record or break what it does).</summary>
    public static Task<RegistryHost> StartWrappedAsync(IEnumerable<(string Key, string Value)> settings, Func<LocalDirectorySource, IWeightSource> wrap) =>
        StartAsync(settings, configureServices: services => services.AddSingleton(sp => wrap(new LocalDirectorySource(
            sp.GetRequiredService<IOptions<RegistryOptions>>(), TimeProvider.System, sp.GetRequiredService<ILogger<LocalDirectorySource>>()))));

    public static async Task<RegistryHost> StartAsync(
        IEnumerable<(string Key, string Value)> settings, bool waitUntilReady = true, Action<IServiceCollection>? configureServices = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings)
        {
            merged[key] = value; // later settings override earlier ones
        }

        builder.Configuration.AddInMemoryCollection(merged);
        configureServices?.Invoke(builder.Services); // registered first, so AddWeightRegistry's TryAdd keeps them
        builder.Services.AddWeightRegistry(builder.Configuration);
        builder.Services.AddHttpClient(RegistryHttpClient.Name).AddResilienceHandler(RegistryHttpClient.PipelineName, RegistryHttpClient.ConfigureResilience);
        var logs = new CapturingLoggerProvider();
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        var host = builder.Build();
        await host.StartAsync();
        var started = new RegistryHost(host, logs);
        if (waitUntilReady)
        {
            await Wait.UntilAsync(() => started.Registry.IsReady, "the first scan completes");
        }

        return started;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

internal static class Wait
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <paramref name="timeout"/> (10 s) naming what it waited for.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(20);
        }
    }
}
