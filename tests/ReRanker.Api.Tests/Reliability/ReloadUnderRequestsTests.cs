using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Reliability;

/// <summary>
/// The regular suite's small version of tests/load/reload-under-traffic.sh: new weight versions and bad files
/// land while four clients rank continuously. No request may fail, every client sees versions only move
/// forward (one snapshot per request, never a torn or rolled-back swap), and a bad file never replaces a good one.
/// </summary>
public sealed class ReloadUnderRequestsTests : IDisposable
{
    private const string Domain = "music";

    private readonly string _registry = CorpusBodies.CopyOfBuiltInRegistry();
    private readonly ApiFactory _factory;

    public ReloadUnderRequestsTests() => _factory = ApiFactory.WithRealRegistry(_registry);

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_registry, recursive: true);
    }

    [Fact]
    public async Task Five_new_versions_under_concurrent_requests_are_each_served_and_no_request_fails()
    {
        var client = await _factory.CreateReadyClientAsync();
        var traffic = new Traffic(client, CorpusBodies.WithDomain(Domain, 20));

        await traffic.RunWhileAsync(async () =>
        {
            for (var version = 2; version <= 6; version++)
            {
                WriteAtomically(version, NewVersion(version));
                (await WaitForServedVersionAsync(client, version)).Should().Be(version);
            }
        });

        traffic.Failures.Should().BeEmpty();
        traffic.RequestCount.Should().BeGreaterThan(0);
        traffic.VersionWentBackwards.Should().BeFalse("each request reads one snapshot and the registry only moves forward");
        traffic.VersionsSeen.Should().Contain(6);
        _factory.UnhandledExceptions.Should().Be(0);
    }

    [Fact]
    public async Task Bad_files_under_concurrent_requests_leave_the_served_version_and_are_named_in_the_status()
    {
        var client = await _factory.CreateReadyClientAsync();
        var traffic = new Traffic(client, CorpusBodies.WithDomain(Domain, 20));
        var good = File.ReadAllText(Path.Combine(_registry, Domain, "1.json"));
        string[] badFiles =
        [
            "{\"schemaVersion\": 1, \"domain\": \"music\", [[[",
            good.Replace("\"version\": 1,", "\"version\": 3,", StringComparison.Ordinal).Replace("\"bias\": ", "\"bias\": \"NaN\", \"x\": ", StringComparison.Ordinal),
            good.Replace("\"version\": 1,", "\"version\": 4,", StringComparison.Ordinal).Replace("\"domain\": \"music\"", "\"domain\": \"play\"", StringComparison.Ordinal),
            good.Replace("\"version\": 1,", "\"version\": 5,", StringComparison.Ordinal)[..(good.Length / 2)],
        ];

        await traffic.RunWhileAsync(async () =>
        {
            for (var i = 0; i < badFiles.Length; i++)
            {
                var version = i + 2;
                await File.WriteAllTextAsync(Path.Combine(_registry, Domain, $"{version}.json"), badFiles[i]);
                (await WaitForErrorNamingAsync(client, $"{version}.json")).Should().BeTrue($"the status should name {version}.json");
                var detail = await client.GetFromJsonAsync<JsonElement>($"/v1/domains/{Domain}");
                detail.GetProperty("servedVersion").GetInt32().Should().Be(1);
            }
        });

        traffic.Failures.Should().BeEmpty();
        traffic.VersionsSeen.Should().Equal(1);
    }

    private string NewVersion(int version)
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(_registry, Domain, "1.json")))!.AsObject();
        file["version"] = version;
        file["bias"] = file["bias"]!.GetValue<double>() + (0.01 * version);
        return file.ToJsonString();
    }

    // Write beside the target under a name the registry ignores, then rename: the registry sees all or nothing.
    private void WriteAtomically(int version, string content)
    {
        var temp = Path.Combine(_registry, Domain, $".{version}.json.tmp");
        File.WriteAllText(temp, content);
        File.Move(temp, Path.Combine(_registry, Domain, $"{version}.json"));
    }

    private static async Task<int> WaitForServedVersionAsync(HttpClient client, int version)
    {
        var served = 0;
        for (var attempt = 0; attempt < 300 && served != version; attempt++)
        {
            served = (await client.GetFromJsonAsync<JsonElement>($"/v1/domains/{Domain}")).GetProperty("servedVersion").GetInt32();
            await Task.Delay(served == version ? 0 : 50);
        }

        return served;
    }

    private static async Task<bool> WaitForErrorNamingAsync(HttpClient client, string fileName)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var status = await client.GetFromJsonAsync<JsonElement>("/v1/registry/status");
            var domain = status.GetProperty("domains").EnumerateArray().Single(d => d.GetProperty("domain").GetString() == Domain);
            if (domain.GetProperty("errors").EnumerateArray().Any(e => e.GetProperty("file").GetString()!.EndsWith(fileName, StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    /// <summary>Four clients posting corpus requests in a loop until the action ends; records failures and music's versions.</summary>
    private sealed class Traffic(HttpClient client, IReadOnlyList<JsonObject> bodies)
    {
        private readonly ConcurrentQueue<string> _failures = new();
        private readonly ConcurrentDictionary<int, bool> _versions = new();
        private int _requests;
        private volatile bool _backwards;

        public IReadOnlyCollection<string> Failures => _failures;

        public IEnumerable<int> VersionsSeen => _versions.Keys.Order();

        public int RequestCount => _requests;

        public bool VersionWentBackwards => _backwards;

        public async Task RunWhileAsync(Func<Task> action)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var loops = Enumerable.Range(0, 4).Select(n => Task.Run(() => LoopAsync(n, stop.Token))).ToList();
            try
            {
                await action();
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(loops);
            }
        }

        private async Task LoopAsync(int offset, CancellationToken stop)
        {
            var last = 0;
            for (var n = offset; !stop.IsCancellationRequested; n += 4)
            {
                var body = bodies[n % bodies.Count];
                try
                {
                    using var response = await client.PostAsync("/v1/rerank", Requests.Json(body), CancellationToken.None);
                    Interlocked.Increment(ref _requests);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        _failures.Enqueue($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                        continue;
                    }

                    var version = MusicVersion(await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None));
                    if (version is { } v)
                    {
                        _versions[v] = true;
                        _backwards |= v < last;
                        last = Math.Max(last, v);
                    }
                }
                catch (HttpRequestException ex)
                {
                    _failures.Enqueue(ex.Message);
                }
            }
        }

        private static int? MusicVersion(JsonElement response) =>
            response.GetProperty("results").EnumerateArray()
                .Where(r => r.GetProperty("domain").GetString() == Domain && r.GetProperty("weightsVersion").ValueKind == JsonValueKind.Number)
                .Select(r => (int?)r.GetProperty("weightsVersion").GetInt32())
                .FirstOrDefault();
    }
}
