using Microsoft.Extensions.Options;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Operations;

/// <summary>Bad settings stop the service at start-up with a message that names the setting.</summary>
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
        using var factory = new ApiFactory(settings: new() { [key] = value });

        var start = () => factory.CreateClient();

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(named);
    }

    [Fact]
    public void An_unknown_policy_fails_start_up_naming_the_setting()
    {
        using var factory = new ApiFactory(settings: new() { ["Reranking:UnweightedDomainPolicy"] = "Sometimes" });

        var start = () => factory.CreateClient();

        start.Should().Throw<InvalidOperationException>().WithMessage("*Reranking:UnweightedDomainPolicy*");
    }
}
