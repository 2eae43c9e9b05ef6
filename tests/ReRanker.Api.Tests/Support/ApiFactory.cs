using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using ReRanker.Api.Infrastructure;
using ReRanker.Api.Registry;

namespace ReRanker.Api.Tests.Support;

/// <summary>
/// The API in memory, with settings a test chooses and an in-memory registry double. Every factory
/// captures log lines and exposes the count of unhandled exceptions (which must stay 0 for client input).
/// </summary>
internal sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly Dictionary<string, string?> _settings;

    public ApiFactory(FakeWeightRegistry? registry = null, Dictionary<string, string?>? settings = null)
    {
        Registry = registry ?? new FakeWeightRegistry(HandMadeWeights.For("music"), HandMadeWeights.For("weather", version: 3, bias: -1));
        _settings = settings ?? [];
    }

    public FakeWeightRegistry Registry { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public long UnhandledExceptions => Services.GetRequiredService<ApiDiagnostics>().UnhandledExceptions;

    /// <summary>A factory with the admin key configured.</summary>
    public static ApiFactory WithAdmin(FakeWeightRegistry? registry = null) => new(registry, new() { ["Admin:ApiKey"] = AdminKey });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IWeightRegistry>();
            services.RemoveAll<IWeightPublisher>();
            services.AddSingleton<IWeightRegistry>(Registry);
            services.AddSingleton<IWeightPublisher>(Registry);
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }
}
