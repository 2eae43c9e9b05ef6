using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ReRanker.Registry;
using ReRanker.Tests.Shared.Registry;

namespace ReRanker.Benchmarks;

/// <summary>
/// `-- --registry-recovery [runs]`: for each hostile class of docs/reliability.md, the registry as the service runs it
/// (AddWeightRegistry, default settings: watcher, 5 s poll, 2 s half-written window) serves music v1 and weather v1;
/// the hostile file lands as music/2.json and a valid weather/2.json right after. Prints, per class, the median over
/// the runs of the time until weather v2 is served (the other domains keep updating), of the time until the status
/// names the rejection (for a freshly written file this includes the half-written window), and whether music served
/// v1 throughout. Wall-clock figures: run on a quiet machine.
/// </summary>
internal static class RegistryRecovery
{
    public static async Task<int> RunAsync(int runs)
    {
        Console.WriteLine($"| Hostile file (as music/2.json) | weather v2 served after (ms, median of {runs}) | rejection in the status after (ms) | music v1 served throughout |");
        Console.WriteLine("| --- | ---: | ---: | --- |");
        foreach (var hostile in HostileRegistry.Files)
        {
            var updated = new List<double>();
            var rejected = new List<double>();
            var steady = true;
            for (var run = 0; run < runs; run++)
            {
                var (update, reject, kept) = await OnceAsync(hostile);
                updated.Add(update);
                rejected.Add(reject);
                steady &= kept;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {hostile.Name} | {Median(updated):F0} | {Median(rejected):F0} | {(steady ? "yes" : "NO")} |"));
        }

        return 0;
    }

    private static async Task<(double Updated, double Rejected, bool Kept)> OnceAsync(HostileFile hostile)
    {
        var root = Directory.CreateTempSubdirectory("reranker-recovery-").FullName;
        try
        {
            foreach (var domain in new[] { "music", "weather" })
            {
                Directory.CreateDirectory(Path.Combine(root, domain));
                File.WriteAllBytes(Path.Combine(root, domain, "1.json"), HostileRegistry.Bytes(domain, 1));
            }

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Registry:Path"] = root });
            builder.Services.AddWeightRegistry(builder.Configuration);
            using var host = builder.Build();
            await host.StartAsync();
            var registry = host.Services.GetRequiredService<IWeightRegistry>();
            await UntilAsync(() => registry.IsReady);

            var clock = Stopwatch.StartNew();
            hostile.Make(Path.Combine(root, "music", "2.json"));
            File.WriteAllBytes(Path.Combine(root, "weather", "2.json"), HostileRegistry.Bytes("weather", 2));
            double? updated = null, rejected = null;
            var kept = true;
            while ((updated is null || rejected is null) && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                kept &= registry.Current.TryGet("music", out var music) && music.Version == 1;
                if (updated is null && registry.Current.TryGet("weather", out var weather) && weather.Version == 2)
                {
                    updated = clock.Elapsed.TotalMilliseconds;
                }

                if (rejected is null && registry.GetStatus().Domains.Single(d => d.Domain == "music").Errors.Count > 0)
                {
                    rejected = clock.Elapsed.TotalMilliseconds;
                }

                await Task.Delay(5);
            }

            await host.StopAsync();
            return (updated ?? double.NaN, rejected ?? double.NaN, kept);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(10);
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
