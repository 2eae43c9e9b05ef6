using System.Net;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Operations;

public sealed class ErrorHandlingTests
{
    [Fact]
    public async Task A_bug_is_a_500_problem_that_reveals_nothing_and_is_counted()
    {
        // The 500 path exists for genuine bugs; here the registry double throws.
        using var factory = new ApiFactory();
        factory.Registry.FailStatus = true;

        var response = await factory.CreateClient().GetAsync("/v1/registry/status");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.InternalServerError);
        problem.ToString().Should().NotContain("simulated registry bug");
        factory.UnhandledExceptions.Should().Be(1);
        var logged = factory.Logs.Lines.Should().ContainSingle(l => l.EventId == 2 && l.Category.EndsWith("UnhandledExceptionHandler", StringComparison.Ordinal)).Subject;
        logged.Level.Should().Be(Microsoft.Extensions.Logging.LogLevel.Error);
        logged.Properties.Should().NotContain(p => p.Key == "RequestPath", "ASP.NET's hosting log scope would carry the raw path");
    }

    [Fact]
    public async Task A_bug_is_logged_with_the_route_template_its_type_and_stack_but_no_request_text_and_no_message()
    {
        // Exception messages may quote what a caller sent, so they are not logged; the type and the stack trace are.
        using var factory = new ApiFactory();
        factory.Registry.FailStatus = true;

        var response = await factory.CreateClient().GetAsync("/v1/domains/secretdomain?q=secretquery");

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.InternalServerError);
        var line = factory.Logs.Lines.Should().ContainSingle(l => l.EventId == 2 && l.Category.EndsWith("UnhandledExceptionHandler", StringComparison.Ordinal)).Subject;
        line.Properties.Should().Contain(new KeyValuePair<string, object?>("Route", "/v1/domains/{domain}"));
        line.Everything.Should().Contain("InvalidOperationException").And.Contain("FakeWeightRegistry.GetStatus");
        var everything = string.Join("\n", factory.Logs.Lines.Select(l => l.Message + " " + l.Everything));
        everything.Should().NotContainAny("secretdomain", "secretquery", "simulated registry bug");
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        using var factory = new ApiFactory();

        var response = await factory.CreateClient().GetAsync("/v2/nothing");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        using var factory = new ApiFactory();

        var response = await factory.CreateClient().GetAsync("/v1/rerank");

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
    }
}
