using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ReRanker.Api.Contracts;
using ReRanker.Api.Json;
using ReRanker.Api.Settings;

namespace ReRanker.Api.Benchmarking;

/// <summary>
/// POST /bench/echo: reads a rerank body exactly as POST /v1/rerank does (same reader, limits and JSON
/// settings) and writes it back, with no validation and no scoring. Its throughput is the framework's own
/// ceiling for this payload, the yardstick for /v1/rerank in tests/load (docs/performance.md).
/// Mapped only when the setting <c>Benchmarking:EchoEndpoint</c> is true; never in production.
/// </summary>
public static class EchoEndpoint
{
    public const string SettingName = "Benchmarking:EchoEndpoint";

    public static WebApplication MapBenchmarkingEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue<bool>(SettingName))
        {
            return app;
        }

        app.MapGroup("/bench").ExcludeFromDescription()
            .MapPost("/echo", EchoAsync)
            .WithName("BenchmarkEcho")
            .WithSummary("Deserialise and re-serialise a rerank body (load-test ceiling only)");
        return app;
    }

    internal static async Task<Results<Ok<RerankRequest>, ProblemHttpResult>> EchoAsync(
        HttpRequest request, IOptionsMonitor<RerankingOptions> options, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadRerankAsync(request, options.CurrentValue.Limits.MaxBodyBytes, cancellationToken);
        return body is null ? problem! : TypedResults.Ok(body);
    }
}
