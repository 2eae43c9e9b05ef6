using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using Serilog.Events;

namespace ReRanker.Api.Hosting;

/// <summary>
/// Why the service did not start, told as one line that names the problem and the setting to change, with an exit
/// code below 128 (so it is never mistaken for a signal): 78 invalid configuration (EX_CONFIG, including a missing
/// Registry:Path folder), 69 cannot listen on the configured address (EX_UNAVAILABLE), 70 anything else (EX_SOFTWARE:
/// a bug, so its stack trace follows the line). A configuration value is never repeated (it may be a secret).
/// </summary>
public sealed partial record StartupFailure(string Problem, int ExitCode, Exception? Bug = null)
{
    public const int InvalidConfiguration = 78;

    public const int CannotListen = 69;

    public const int Unexpected = 70;

    private const string ChangeUrls = "stop the other process or set Urls (--urls, RERANKER__Urls) to a free address of this machine";

    /// <summary>
    /// The failure <paramref name="exception"/> stands for when this process is the service; null inside a test host
    /// (WebApplicationFactory runs Program from another entry assembly and needs the exception itself).
    /// </summary>
    public static StartupFailure? OfThisProcess(Exception exception) =>
        System.Reflection.Assembly.GetEntryAssembly() == typeof(StartupFailure).Assembly ? Explain(exception) : null;

    /// <summary>The failure <paramref name="exception"/> stands for; null for the test host's own stop signal, which must go on.</summary>
    public static StartupFailure? Explain(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            HostAbortedException => null,
            OptionsValidationException options => Configuration(options.Failures),
            AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
                Configuration(many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)),
            IOException { InnerException: AddressInUseException } bind => new($"{bind.Message.TrimEnd('.')}: {ChangeUrls}.", CannotListen),
            SocketException socket => new($"cannot listen on the configured address ({socket.Message}): {ChangeUrls}.", CannotListen),
            IOException { InnerException: SocketException socket } => new($"cannot listen on the configured address ({socket.Message}): {ChangeUrls}.", CannotListen),
            FormatException when exception.Message.StartsWith("Invalid url", StringComparison.Ordinal) =>
                new("invalid configuration: Urls (--urls, RERANKER__Urls) holds an address that is not a URL such as http://127.0.0.1:8080.", InvalidConfiguration),
            InvalidOperationException when NotConvertible().Match(exception.Message) is { Success: true } match =>
                new($"invalid configuration: {match.Groups["key"].Value} must be {Expected(match.Groups["type"].Value)}.", InvalidConfiguration),
            InvalidDataException when exception.Message.StartsWith("Failed to load configuration", StringComparison.Ordinal) =>
                new($"invalid configuration: {exception.Message} {exception.InnerException?.Message}".TrimEnd(), InvalidConfiguration),
            _ => new($"unexpected {exception.GetType().Name}: {exception.Message.Split('\n')[0]}", Unexpected, exception),
        };
    }

    /// <summary>Writes the line (and a bug's stack trace) to <paramref name="error"/>; returns the exit code.</summary>
    public int Report(TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        error.WriteLine($"ReRanker API did not start: {Problem}");
        if (Bug is not null)
        {
            error.WriteLine(Bug);
        }

        return ExitCode;
    }

    /// <summary>
    /// The host's own "Hosting failed to start" event, which carries the exception's stack trace: <see cref="Report"/> says
    /// it in one line instead, so the log sink leaves this event out.
    /// </summary>
    public static bool IsReportedByTheHost(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        return logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: "Microsoft.Extensions.Hosting.Internal.Host" }
            && logEvent.Properties.TryGetValue("EventId", out var id) && id is StructureValue eventId
            && eventId.Properties.Any(p => p.Name == "Id" && p.Value is ScalarValue { Value: HostedServiceStartupFaulted });
    }

    /// <summary>Microsoft.Extensions.Hosting's event id for a start that failed.</summary>
    private const int HostedServiceStartupFaulted = 11;

    private static StartupFailure Configuration(IEnumerable<string> failures) =>
        new($"invalid configuration: {string.Join(" ", failures.Select(f => f.Trim()))}", InvalidConfiguration);

    private static string Expected(string typeName) => typeName switch
    {
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Double" => "a number",
        "System.Boolean" => "true or false",
        "System.TimeSpan" => "a time span such as 00:00:05",
        "System.Uri" => "a URL",
        _ when EnumType(typeName) is { } type => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ => $"a {typeName[(typeName.LastIndexOf('.') + 1)..]}",
    };

    private static Type? EnumType(string name) =>
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name, throwOnError: false)).FirstOrDefault(t => t is { IsEnum: true });

    // Microsoft.Extensions.Configuration.Binder: "Failed to convert configuration value '<value>' at '<key>' to type '<type>'."
    [GeneratedRegex(@"at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.RightToLeft | RegexOptions.CultureInvariant)]
    private static partial Regex NotConvertible();
}
