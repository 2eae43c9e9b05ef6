using Microsoft.Extensions.Options;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Operations;

/// <summary>Bad settings stop the service at start-up with a message that names the setting (FailedStartTests: the real process).</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Reranking:Limits:MaxHypotheses", "0", "Reranking:Limits:MaxHypotheses")]
    [InlineData("Reranking:Limits:MaxBodyBytes", "10", "Reranking:Limits:MaxBodyBytes")]
    [InlineData("RateLimiting:WindowSeconds", "0", "RateLimiting:WindowSeconds")]
    [InlineData("Admin:ApiKey", "short", "Admin:ApiKey")]
    [InlineData("Logs:QueueCapacity", "5", "Logs:QueueCapacity")]
    [InlineData("OpenTelemetry:OtlpEndpoint", "collector:4317", "OpenTelemetry:OtlpEndpoint")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://collector", "OTEL_EXPORTER_OTLP_ENDPOINT")]
    public void An_out_of_range_setting_fails_start_up_naming_it(string key, string value, string named)
    {
        var failure = StartFailure(new() { [key] = value });

        failure.Should().BeOfType<OptionsValidationException>().Which.Message.Should().Contain(named);
    }

    [Fact]
    public void An_unknown_policy_fails_start_up_naming_the_setting()
    {
        var failure = StartFailure(new() { ["Reranking:UnweightedDomainPolicy"] = "Sometimes" });

        failure.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain("Reranking:UnweightedDomainPolicy");
    }

    /// <summary>
    /// What starting the in-memory service with <paramref name="settings"/> throws. WebApplicationFactory races the entry
    /// point: when the start fails fast, the entry point may dispose the host before the factory looks at it, and the factory
    /// then reports ObjectDisposedException instead of the failure; such an attempt is made again, up to five times.
    /// </summary>
    private static Exception? StartFailure(Dictionary<string, string?> settings)
    {
        Exception? failure = null;
        for (var attempt = 0; attempt < 5 && failure is null or ObjectDisposedException; attempt++)
        {
            using var factory = new ApiFactory(settings: settings);
            failure = Record.Exception(() => factory.CreateClient());
        }

        return failure;
    }
}
