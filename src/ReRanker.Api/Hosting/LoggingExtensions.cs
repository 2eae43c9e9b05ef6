using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using ReRanker.Api.Infrastructure;
using ReRanker.Api.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace ReRanker.Api.Hosting;

/// <summary>Serilog as the only logging provider, written through a bounded background queue, and one request log line per call.</summary>
public static class LoggingExtensions
{
    private const string ReadableTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    // ASP.NET Core's hosting diagnostics open a log scope holding the raw request path (caller text) for every line
    // logged during a request, whenever its category is enabled at all; the request log line names route templates
    // instead, so that category is off, even for Critical.
    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    private static int s_consoleOutReplaced;

    /// <summary>
    /// Levels from the "Serilog" section; sinks registered as services (tests capture events that way); the console
    /// behind Serilog.Sinks.Async (Logs:QueueCapacity, never blocking: a full queue drops and counts), as compact JSON
    /// outside Development and readable text in it (Logs:Format overrides).
    /// </summary>
    public static WebApplicationBuilder AddReRankerSerilog(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        var development = builder.Environment.IsDevelopment();
        services.AddOptions<LogOptions>().Bind(configuration.GetSection(LogOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LogOptions>, LogOptionsValidator>();
        services.AddSingleton<LogQueueMonitor>();
        builder.Logging.ClearProviders();
        WriteEachConsoleLineAtOnce();
        // preserveStaticLogger: each host owns its logger (tests run several hosts in one process).
        services.AddSerilog(
            (provider, logger) =>
            {
                var options = provider.GetRequiredService<IOptions<LogOptions>>().Value;
                var readable = options.IsReadable(development);
                logger.ReadFrom.Configuration(configuration)
                    .MinimumLevel.Override(HostingDiagnostics, LevelAlias.Off)
                    .Filter.ByExcluding(StartupFailure.IsReportedByTheHost) // a failed start is told in one line (Program.cs)
                    .ReadFrom.Services(provider)
                    .WriteTo.InBackground(
                        console =>
                        {
                            if (readable)
                            {
                                console.Console(outputTemplate: ReadableTemplate, formatProvider: CultureInfo.InvariantCulture);
                            }
                            else
                            {
                                console.Console(new CompactJsonFormatter());
                            }
                        },
                        options,
                        provider.GetRequiredService<LogQueueMonitor>());
                if (readable)
                {
                    logger.Filter.With(new FirstScanQuietFilter());
                }
            },
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>
    /// .NET's Console.Out writes through a 256-byte buffer, so a compact JSON request line (about 320 bytes) took two
    /// write calls; a 16 KiB buffer that still flushes after every write (Serilog's console sink writes one line per
    /// call) gives one. Once per process: Console.Out is global.
    /// </summary>
    private static void WriteEachConsoleLineAtOnce()
    {
        if (Interlocked.Exchange(ref s_consoleOutReplaced, 1) == 0)
        {
            Console.SetOut(new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024)
            {
                AutoFlush = true,
            });
        }
    }

    /// <summary>
    /// Serilog.Sinks.Async around <paramref name="configure"/>: a queue of Logs:QueueCapacity events that never blocks
    /// the caller (a full queue drops the new event and counts it in <paramref name="monitor"/>).
    /// </summary>
    internal static LoggerConfiguration InBackground(
        this Serilog.Configuration.LoggerSinkConfiguration sinks, Action<Serilog.Configuration.LoggerSinkConfiguration> configure, LogOptions options, LogQueueMonitor monitor) =>
        sinks.Async(configure, bufferSize: options.QueueCapacity, blockWhenFull: false, monitor: monitor);

    /// <summary>Serilog's request logging (outermost, so it sees the final status) and the X-Request-Id response header.</summary>
    public static WebApplication UseReRankerRequestLogging(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = RequestLog.MessageTemplate;
            options.GetMessageTemplateProperties = RequestLog.Properties;
            options.GetLevel = RequestLog.Level;
        });
        app.Use(RequestLog.AddRequestIdHeader);
        return app;
    }
}
