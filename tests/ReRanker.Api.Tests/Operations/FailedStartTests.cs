using ReRanker.Api.Hosting;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Operations;

/// <summary>
/// A start that cannot succeed ends the real process with one line naming the problem and the setting to change, an
/// exit code below 128 and no stack trace anywhere in its output.
/// </summary>
public sealed class FailedStartTests : IDisposable
{
    private readonly string _registry = HandMadeWeights.TemporaryRegistry(HandMadeWeights.For("music"));

    public void Dispose() => Directory.Delete(_registry, recursive: true);

    [Fact]
    public async Task A_second_start_on_a_busy_port_says_so_in_one_line_naming_urls()
    {
        await using var first = await RunningService.StartAsync(_registry);
        var address = first.BaseAddress.ToString().TrimEnd('/');

        var (exitCode, output, errors) = await RunningService.RunUntilExitAsync(["--urls", address], Settings());

        ShouldBeOneLineFailure(exitCode, output, errors, StartupFailure.CannotListen, "Urls", address, "address already in use");
    }

    [Theory]
    [InlineData("Admin__ApiKey", "short", "Admin:ApiKey")]
    [InlineData("Reranking__Limits__MaxHypotheses", "0", "Reranking:Limits:MaxHypotheses")]
    [InlineData("Reranking__Limits__MaxBodyBytes", "lots", "Reranking:Limits:MaxBodyBytes")]
    [InlineData("Reranking__UnweightedDomainPolicy", "Sometimes", "Reranking:UnweightedDomainPolicy")]
    [InlineData("Registry__Path", "/no/such/registry/folder", "Registry:Path")]
    public async Task Invalid_configuration_is_one_line_naming_the_setting(string variable, string value, string setting)
    {
        var (exitCode, output, errors) = await RunningService.RunUntilExitAsync(["--urls", "http://127.0.0.1:0"], Settings(("RERANKER__" + variable, value)));

        ShouldBeOneLineFailure(exitCode, output, errors, StartupFailure.InvalidConfiguration, setting);
        if (variable != "Registry__Path")
        {
            errors.Single().Should().NotContain($"'{value}'", "configuration values are not repeated (they may be secrets)");
        }
    }

    [Fact]
    public void An_unexpected_exception_is_a_bug_whose_stack_trace_follows_its_line()
    {
        var failure = StartupFailure.Explain(new NotSupportedException("first line\nsecond line"))!;
        using var error = new StringWriter();

        failure.Report(error).Should().Be(StartupFailure.Unexpected);
        error.ToString().Should().StartWith("ReRanker API did not start: unexpected NotSupportedException: first line" + Environment.NewLine);
        StartupFailure.Explain(new Microsoft.Extensions.Hosting.HostAbortedException()).Should().BeNull("the test host stops the entry point with it");
    }

    private Dictionary<string, string> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string> { ["RERANKER__Registry__Path"] = _registry };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static void ShouldBeOneLineFailure(
        int exitCode, IReadOnlyList<string> output, IReadOnlyList<string> errors, int expectedCode, params string[] named)
    {
        var all = string.Join("\n", output.Concat(errors));
        exitCode.Should().Be(expectedCode, all).And.BeInRange(1, 127);
        errors.Should().ContainSingle(all).Which.Should().StartWith("ReRanker API did not start: ").And.ContainAll(named);
        all.Should().NotContain("   at ", "no stack trace").And.NotContain("Exception", "no exception dump");
        output.Should().NotContain(l => l.Contains("\"@l\":\"Error\"", StringComparison.Ordinal) || l.Contains("\"@l\":\"Fatal\"", StringComparison.Ordinal), "no error event (compact JSON)");
    }
}
