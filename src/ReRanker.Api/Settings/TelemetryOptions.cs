using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;

namespace ReRanker.Api.Settings;

/// <summary>
/// Metrics export. Section "OpenTelemetry". /metrics (Prometheus text) is always served; OTLP export is added when
/// an endpoint is configured here (<see cref="OtlpEndpoint"/>) or by the standard OTEL_EXPORTER_OTLP_ENDPOINT
/// variable (which the exporter then reads with the other OTEL_EXPORTER_OTLP_* variables).
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "OpenTelemetry";

    /// <summary>The standard variable the OTLP exporter reads by itself.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The service.name resource attribute (Prometheus: target_info, job).</summary>
    public string ServiceName { get; set; } = "reranker";

    /// <summary>
    /// Collector address, e.g. http://otel-collector:4317 (gRPC). For <see cref="OtlpExportProtocol.HttpProtobuf"/> give the
    /// full metrics URL, e.g. http://otel-collector:4318/v1/metrics. Empty: OTEL_EXPORTER_OTLP_ENDPOINT decides.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>Whether OTLP export is on: an endpoint set here or in the environment variable.</summary>
    public static bool OtlpConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[$"{Section}:{nameof(OtlpEndpoint)}"])
            || !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);
    }

    internal static bool IsCollectorUri(string? value, out Uri? uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

/// <summary>A configured OTLP endpoint must be an absolute http(s) address: a typo stops the start, naming the key.</summary>
public sealed class TelemetryOptionsValidator(IConfiguration configuration) : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            failures.Add("OpenTelemetry:ServiceName must not be empty.");
        }

        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint) && !TelemetryOptions.IsCollectorUri(options.OtlpEndpoint, out _))
        {
            failures.Add($"OpenTelemetry:OtlpEndpoint must be an absolute http:// or https:// address (was '{options.OtlpEndpoint}').");
        }

        var variable = configuration[TelemetryOptions.OtlpEndpointVariable];
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint) && !string.IsNullOrWhiteSpace(variable) && !TelemetryOptions.IsCollectorUri(variable, out _))
        {
            failures.Add($"{TelemetryOptions.OtlpEndpointVariable} must be an absolute http:// or https:// address (was '{variable}').");
        }

        if (!Enum.IsDefined(options.OtlpProtocol))
        {
            failures.Add("OpenTelemetry:OtlpProtocol must be Grpc or HttpProtobuf.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
