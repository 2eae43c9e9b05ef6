using System.Text;

namespace ReRanker.Registry.Tests;

/// <summary>The HTTP source against a real Kestrel server on loopback, with timings shortened through options.</summary>
public sealed class HttpSourceTests : IAsyncLifetime
{
    private FakeRegistryServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeRegistryServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_failing_server_keeps_the_last_good_weights_opens_the_circuit_and_after_recovery_serves_the_new_version()
    {
        _server.PublishIndex(("music", 1), ("weather", 4));
        await using var host = await StartAsync();
        host.Registry.ServedVersion("music").Should().Be(1);
        host.Registry.GetStatus().CircuitState.Should().Be("closed");

        _server.Failing = true;
        await Wait.UntilAsync(() => host.Registry.GetStatus() is { CircuitState: "open", SourceReachable: false }, "the circuit opens");
        var failing = host.Registry.GetStatus();
        failing.SourceReachable.Should().BeFalse();
        failing.SourceError.Should().NotBeNullOrEmpty();
        failing.StalenessAt(DateTimeOffset.UtcNow).Should().BePositive();
        host.Registry.ServedVersion("music").Should().Be(1, "the last good weights keep serving");
        host.Registry.ServedVersion("weather").Should().Be(4);
        // While open, polls fail fast in the breaker instead of reaching the server.
        await Wait.UntilAsync(() => host.Registry.GetStatus().SourceError?.Contains("circuit open", StringComparison.Ordinal) == true, "a poll is refused by the open circuit");

        _server.PublishIndex(("music", 1), ("music", 2), ("weather", 4));
        _server.Failing = false;
        await Wait.UntilAsync(() => host.Registry.ServedVersion("music") == 2, "version 2 is served after recovery");
        await Wait.UntilAsync(() => host.Registry.GetStatus().CircuitState == "closed", "the circuit closes");
        // The snapshot swaps a moment before the status of that scan is published.
        await Wait.UntilAsync(() => host.Registry.GetStatus().SourceReachable, "the status says the source is reachable");
        var recovered = host.Registry.GetStatus();
        recovered.SourceReachable.Should().BeTrue();
        recovered.SourceError.Should().BeNull();
        recovered.Domains.Single(d => d.Domain == "music").Source.Should().Be(new Uri(_server.IndexUrl, "music/2.json").AbsoluteUri);
    }

    [Fact]
    public async Task Hostile_index_entries_are_ignored_and_nothing_outside_the_index_folder_is_fetched()
    {
        _server.PublishIndex(("music", 1));
        var sha = new string('0', 64);
        var longName = new string('a', 300);
        var index = $$$"""
            {"domains": {
              "music": [
                {"version": 1, "url": "music/1.json", "sha256": "{{{WeightFileSha("music", 1)}}}"},
                {"version": 2, "url": "../secret/2.json", "sha256": "{{{sha}}}"},
                {"version": 3, "url": "http://example.invalid/registry/music/3.json", "sha256": "{{{sha}}}"},
                {"version": 4, "url": "music/1.json", "sha256": "{{{sha}}}"}
              ],
              "..": [{"version": 1, "url": "music/1.json", "sha256": "{{{sha}}}"}],
              "a/b": [{"version": 1, "url": "music/1.json", "sha256": "{{{sha}}}"}],
              "CON": [{"version": 1, "url": "music/1.json", "sha256": "{{{sha}}}"}],
              "{{{longName}}}": [{"version": 1, "url": "music/1.json", "sha256": "{{{sha}}}"}]
            }}
            """;
        _server.Put("registry/index.json", Encoding.UTF8.GetBytes(index));
        _server.Put("secret/2.json", TempRegistry.Bytes("music", 2));

        await using var host = await StartAsync();

        var status = host.Registry.GetStatus();
        status.Domains.Select(d => d.Domain).Should().Equal("music");
        host.Registry.ServedVersion("music").Should().Be(1);
        var errors = status.Domains.Single().Errors;
        errors.Should().Contain(e => e.Reason.Contains("resolves outside the index's folder", StringComparison.Ordinal) && e.File.EndsWith("[1]", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Reason.Contains("resolves outside the index's folder", StringComparison.Ordinal) && e.File.EndsWith("[2]", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Reason.Contains("the index says", StringComparison.Ordinal), "version 4's sha256 does not match its bytes");
        var ignored = host.Logs.Where(l => l.Properties.ContainsKey("Name")).Select(l => (string)l.Properties["Name"]!).ToList();
        ignored.Should().Contain(["..", "a/b", "CON"]).And.Contain(n => n.StartsWith("aaaa", StringComparison.Ordinal)).And.OnlyHaveUniqueItems();
        _server.Requests.Should().NotContain(p => p.StartsWith("secret", StringComparison.Ordinal));
        _server.Requests.Should().OnlyContain(p => p == "registry/index.json" || p == "registry/music/1.json");
    }

    [Fact]
    public async Task Publishing_is_refused_on_the_http_source_with_a_reason()
    {
        _server.PublishIndex(("music", 1));
        await using var host = await StartAsync();

        var result = await host.Publisher.PublishAsync("music", TempRegistry.Bytes("music", 2), CancellationToken.None);

        result.Succeeded.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.Message.Should().Contain("only available with the local source");
    }

    private static string WeightFileSha(string domain, int version) => WeightFileLoader.Sha256Hex(TempRegistry.Bytes(domain, version));

    private Task<RegistryHost> StartAsync() => RegistryHost.StartAsync(
    [
        ("Registry:Source", "http"),
        ("Registry:Http:IndexUrl", _server.IndexUrl.AbsoluteUri),
        ("Registry:PollInterval", "00:00:00.100"),
        ("Registry:Http:Timeout", "00:00:01"),
        ("Registry:Http:MaxRetryAttempts", "1"),
        ("Registry:Http:RetryBaseDelay", "00:00:00.020"),
        ("Registry:Http:BreakerMinimumThroughput", "2"),
        ("Registry:Http:BreakerSamplingDuration", "00:00:02"),
        ("Registry:Http:BreakerBreakDuration", "00:00:00.500"),
    ]);
}
