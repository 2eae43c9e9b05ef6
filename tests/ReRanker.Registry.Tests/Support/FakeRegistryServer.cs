using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReRanker.Registry;

namespace ReRanker.Registry.Tests;

/// <summary>A real Kestrel server on 127.0.0.1 (port 0) serving an HTTP registry that can be told to fail.</summary>
internal sealed class FakeRegistryServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    private FakeRegistryServer(WebApplication app) => _app = app;

    /// <summary>When true every request gets a 503.</summary>
    public bool Failing { get; set; }

    /// <summary>Every path requested, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public Uri IndexUrl { get; private set; } = null!;

    public static async Task<FakeRegistryServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeRegistryServer(app);
        app.MapGet("/{**path}", (string path) =>
        {
            server.Requests.Enqueue(path);
            if (server.Failing)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            return server._files.TryGetValue(path, out var bytes) ? Results.Bytes(bytes, "application/json") : Results.NotFound();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.IndexUrl = new Uri(new Uri(address), "registry/index.json");
        return server;
    }

    public void Put(string path, byte[] bytes) => _files[path] = bytes;

    /// <summary>Publishes weight files under registry/&lt;domain&gt;/&lt;version&gt;.json and an index listing them.</summary>
    public void PublishIndex(params (string Domain, int Version)[] versions)
    {
        var domains = new Dictionary<string, List<object>>();
        foreach (var (domain, version) in versions)
        {
            var bytes = TempRegistry.Bytes(domain, version);
            Put($"registry/{domain}/{version}.json", bytes);
            if (!domains.TryGetValue(domain, out var list))
            {
                domains[domain] = list = [];
            }

            list.Add(new { version, url = $"{domain}/{version}.json", sha256 = WeightFileLoader.Sha256Hex(bytes) });
        }

        Put("registry/index.json", JsonSerializer.SerializeToUtf8Bytes(new { domains }));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
