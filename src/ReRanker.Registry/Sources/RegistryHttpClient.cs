using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace ReRanker.Registry;

/// <summary>
/// The HTTP source's client, from <c>IHttpClientFactory</c>, and the rules of its resilience handler
/// (Microsoft.Extensions.Http.Resilience), outermost first: retry (exponential backoff with jitter), circuit breaker
/// (fails fast while open), timeout per attempt. Only transient outcomes are retried or counted by the breaker: 5xx,
/// 408, 429, timeouts and connection errors. A 404 (or any other 4xx) is an answer, not a failure of the server: it
/// is not retried and counts as a success for the breaker. A bad index is read after the handler, so it is never
/// retried and never reaches the breaker either. The service wires it with
/// <c>AddHttpClient(Name).AddResilienceHandler(PipelineName, ConfigureResilience)</c>.
/// </summary>
public static class RegistryHttpClient
{
    /// <summary>The named client the HTTP source asks the factory for.</summary>
    public const string Name = "ReRanker.Registry";

    /// <summary>The resilience handler's pipeline name (Polly's telemetry names it).</summary>
    public const string PipelineName = "registry-source";

    /// <summary>The one rule for what the HTTP source retries and what the breaker counts.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => HttpClientResiliencePredicates.IsTransient(outcome);

    /// <summary>Builds the pipeline from <see cref="HttpSourceOptions"/>; the breaker's state is published through <see cref="RegistryCircuit"/>.</summary>
    public static void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(context);
        var services = context.ServiceProvider;
        var options = services.GetRequiredService<IOptions<RegistryOptions>>().Value.Http;
        var circuit = services.GetRequiredService<RegistryCircuit>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpIndexSource).FullName!);
        var source = "http:" + options.IndexUrl;
        pipeline.TimeProvider = services.GetRequiredService<TimeProvider>();
        var transient = new Func<Outcome<HttpResponseMessage>, ValueTask<bool>>(outcome => ValueTask.FromResult(IsTransient(outcome)));
        if (options.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                ShouldHandle = args => transient(args.Outcome),
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    RegistryLog.Retrying(logger, source, args.AttemptNumber + 1, Describe(args.Outcome));
                    return default;
                },
            });
        }

        pipeline
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                ShouldHandle = args => transient(args.Outcome),
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                StateProvider = circuit.StateProvider,
                OnOpened = _ => Changed("opened"),
                OnHalfOpened = _ => Changed("half-open"),
                OnClosed = _ => Changed("closed"),
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.Timeout });

        ValueTask Changed(string change)
        {
            RegistryLog.CircuitChanged(logger, change, source);
            return default;
        }
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception?.Message ?? (outcome.Result is { } response ? $"status {(int)response.StatusCode}" : "a failure");
}

/// <summary>The HTTP source's circuit breaker as the status and the metrics show it (one per service).</summary>
public sealed class RegistryCircuit
{
    internal CircuitBreakerStateProvider StateProvider { get; } = new();

    /// <summary>Every state's name, in the status and as the metrics' <c>state</c> label.</summary>
    public static IReadOnlyList<string> StateNames { get; } = ["closed", "open", "half-open", "isolated"];

    /// <summary>The breaker's state ("closed" until the pipeline is first built): one of <see cref="StateNames"/>.</summary>
    public string State => StateProvider.CircuitState switch
    {
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half-open",
        CircuitState.Isolated => "isolated",
        _ => "closed",
    };
}
