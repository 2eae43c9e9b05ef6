using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace ReRanker.Registry;

/// <summary>
/// The Polly v8 pipeline every HTTP-source call goes through, outermost first: retry (exponential backoff with
/// jitter), circuit breaker (fails fast while open), timeout per attempt. An open circuit is not retried.
/// </summary>
internal static class RegistryResiliencePipeline
{
    public static ResiliencePipeline Create(HttpSourceOptions options, CircuitBreakerStateProvider state, TimeProvider time, string source, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var transient = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutRejectedException>();
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    RegistryLog.Retrying(logger, source, args.AttemptNumber + 1, args.Outcome.Exception?.Message ?? "a failure");
                    return default;
                },
            });
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                StateProvider = state,
                OnOpened = _ => Log("opened"),
                OnHalfOpened = _ => Log("half-open"),
                OnClosed = _ => Log("closed"),
            })
            .AddTimeout(options.Timeout)
            .Build();

        ValueTask Log(string change)
        {
            RegistryLog.CircuitChanged(logger, change, source);
            return default;
        }
    }
}
