using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ReRanker.Registry.Tests;

/// <summary>The one rule for what the HTTP source retries and what its circuit breaker counts.</summary>
public sealed class TransientRuleTests
{
    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public void Server_failures_timeouts_and_throttling_are_transient(HttpStatusCode status)
    {
        using var response = new HttpResponseMessage(status);

        RegistryHttpClient.IsTransient(Outcome.FromResult(response)).Should().BeTrue();
    }

    [Theory]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Gone)]
    public void Answers_are_not_transient_so_a_404_is_neither_retried_nor_counted(HttpStatusCode status)
    {
        using var response = new HttpResponseMessage(status);

        RegistryHttpClient.IsTransient(Outcome.FromResult(response)).Should().BeFalse();
    }

    [Fact]
    public void Connection_errors_and_attempt_timeouts_are_transient_an_open_circuit_is_not()
    {
        RegistryHttpClient.IsTransient(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("connection refused"))).Should().BeTrue();
        RegistryHttpClient.IsTransient(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException())).Should().BeTrue();
        RegistryHttpClient.IsTransient(Outcome.FromException<HttpResponseMessage>(new BrokenCircuitException())).Should().BeFalse();
    }
}
