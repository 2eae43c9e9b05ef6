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
