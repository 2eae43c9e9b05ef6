using Microsoft.Extensions.Options;

namespace ReRanker.Registry.Tests;

/// <summary>Bad settings stop start-up with a message that names the setting, instead of failing at the first poll.</summary>
public sealed class OptionsValidationTests : IDisposable
{
    private readonly TempRegistry _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("Registry:Source", "ftp", "Registry:Source is 'ftp'")]
    [InlineData("Registry:PollInterval", "00:00:00", "Registry:PollInterval")]
    [InlineData("Registry:Path", "/definitely/not/here", "Registry:Path '/definitely/not/here' is not an existing folder")]
    public async Task A_bad_local_setting_fails_start_up_naming_the_setting(string key, string value, string message)
    {
        var start = () => RegistryHost.StartAsync([("Registry:Path", _dir.Root), (key, value)], waitUntilReady: false);

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(message);
    }

    [Theory]
    [InlineData(null, "Registry:Http:IndexUrl is required")]
    [InlineData("ftp://127.0.0.1/index.json", "must be an absolute http or https URL")]
    public async Task The_http_source_needs_an_absolute_http_index_url(string? url, string message)
    {
        List<(string, string)> settings = [("Registry:Source", "http")];
        if (url is not null)
        {
            settings.Add(("Registry:Http:IndexUrl", url));
        }

        var start = () => RegistryHost.StartAsync(settings, waitUntilReady: false);

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(message);
    }

    [Fact]
    public async Task Breaker_settings_outside_pollys_limits_fail_start_up()
    {
        var start = () => RegistryHost.StartAsync(
            [("Registry:Source", "http"), ("Registry:Http:IndexUrl", "http://127.0.0.1:1/index.json"), ("Registry:Http:BreakerMinimumThroughput", "1"), ("Registry:Http:BreakerBreakDuration", "00:00:00.100")],
            waitUntilReady: false);

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Message.Should().Contain("Registry:Http:BreakerMinimumThroughput").And.Contain("Registry:Http:BreakerBreakDuration");
    }
}
