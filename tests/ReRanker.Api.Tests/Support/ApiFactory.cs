using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ReRanker.Api.Infrastructure;
using ReRanker.Registry;
using Serilog.Core;

namespace ReRanker.Api.Tests.Support;

/// <summary>
/// The API in memory, with settings a test chooses and either an in-memory registry double or the real
/// registry on a temporary folder. Every factory captures log lines and exposes the count of unhandled
/// exceptions (which must stay 0 for client input).
/// </summary>
internal sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly Dictionary<string, string?> _settings;
    private readonly FakeWeightRegistry? _fake;
    private readonly string _decisionLogRoot = Directory.CreateTempSubdirectory("reranker-api-decisions-").FullName;

    public ApiFactory(FakeWeightRegistry? registry = null, Dictionary<string, string?>? settings = null)
        : this(registry ?? new FakeWeightRegistry(HandMadeWeights.For("music"), HandMadeWeights.For("weather", version: 3, bias: -1)), settings, HandMadeWeights.TemporaryRegistry())
    {
    }

    private ApiFactory(FakeWeightRegistry? fake, Dictionary<string, string?>? settings, string registryPath)
    {
        _fake = fake;
        RegistryPath = registryPath;
        _settings = new Dictionary<string, string?>(settings ?? []) { ["Registry:Path"] = registryPath };
        // Each factory logs decisions into its own temporary folder (its key file beside it), unless a test chooses.
        _settings.TryAdd("DecisionLog:Path", Path.Combine(_decisionLogRoot, "log"));
    }

    /// <summary>The decision-log folder (DecisionLog:Path) this factory's service writes to.</summary>
    public string DecisionLogPath => _settings["DecisionLog:Path"] ?? string.Empty;

    /// <summary>The in-memory registry double (not available with the real registry).</summary>
    public FakeWeightRegistry Registry => _fake ?? throw new InvalidOperationException("This factory uses the real registry.");

    /// <summary>The registry folder (Registry:Path); empty and unused when the double serves.</summary>
    public string RegistryPath { get; }

    /// <summary>Every log event the service wrote at or above the configured minimum level.</summary>
    public CapturingLogSink Logs { get; } = new();

    public long UnhandledExceptions => Services.GetRequiredService<ApiDiagnostics>().UnhandledExceptions;

    /// <summary>A factory with the admin key configured.</summary>
    public static ApiFactory WithAdmin(FakeWeightRegistry? registry = null) => new(registry, new() { ["Admin:ApiKey"] = AdminKey });

    /// <summary>The real registry (AddWeightRegistry) on <paramref name="registryPath"/>, with the admin key configured.</summary>
    public static ApiFactory WithRealRegistry(string registryPath, Dictionary<string, string?>? settings = null) =>
        new(null, new Dictionary<string, string?>(settings ?? []) { ["Admin:ApiKey"] = AdminKey }, registryPath);

    /// <summary>Waits (bounded) until /readyz answers 200: the real registry's first scan runs in the background.</summary>
    public async Task<HttpClient> CreateReadyClientAsync()
    {
        var client = CreateClient();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if ((await client.GetAsync("/readyz")).IsSuccessStatusCode)
            {
                return client;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The registry did not become ready within 10 s.");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _fake is not null && Directory.Exists(RegistryPath))
        {
            Directory.Delete(RegistryPath, recursive: true);
        }

        if (disposing && Directory.Exists(_decisionLogRoot))
        {
            Directory.Delete(_decisionLogRoot, recursive: true);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        // Also as host settings, which reach Program.cs before Build() (the OTLP exporter is added, or not, there).
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILogEventSink>(Logs);
            if (_fake is not null)
            {
                services.RemoveAll<IWeightRegistry>();
                services.RemoveAll<IWeightPublisher>();
                services.AddSingleton<IWeightRegistry>(_fake);
                services.AddSingleton<IWeightPublisher>(_fake);
            }
        });
    }
}
