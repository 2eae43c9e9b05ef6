using ReRanker.Api.Benchmarking;
using ReRanker.Api.DecisionLog;
using ReRanker.Api.Hosting;

// The table of contents: each line is one extension method (Hosting/, Registry/).
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddReRankerConfiguration(args);
    builder.AddReRankerSerilog();
    builder.AddReRankerApi();
    builder.AddReRankerTelemetry();
    builder.AddReRankerRegistry(); // Registry/ with the HTTP source's resilience handler
    builder.Services.AddDecisionLog(builder.Configuration); // DecisionLog/: decisions and feedback to segment files, off the request thread
    builder.AddReRankerSwagger();

    var app = builder.Build();
    app.UseReRankerPipeline();
    app.UseReRankerSwagger();
    app.MapReRankerEndpoints();
    app.MapReRankerMetrics();
    app.MapBenchmarkingEndpoints(); // /bench/echo, only when Benchmarking:EchoEndpoint=true (tests/load)
    app.LogStartupAndShutdown();
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (StartupFailure.OfThisProcess(exception) is { } failure)
{
    // A start that fails (invalid configuration, a busy port, a missing registry folder): one line, exit code below 128.
    return failure.Report(Console.Error);
}

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
