using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using ReRanker.Core.Text;
using ReRanker.Core.Weights;

namespace ReRanker.Registry;

/// <summary>
/// A registry served over HTTP: an index document (see <see cref="HttpIndexDocument"/>) polled every poll interval,
/// weight files fetched once per (URL, sha256), through the named client <see cref="RegistryHttpClient.Name"/> of
/// <c>IHttpClientFactory</c> (its resilience handler retries and breaks the circuit: <see cref="RegistryHttpClient"/>).
/// When the index cannot be read the source reports itself unavailable and the last good weights keep serving.
/// </summary>
internal sealed class HttpIndexSource : IWeightSource
{
    private readonly Uri _indexUrl;
    private readonly TimeProvider _time;
    private readonly IHttpClientFactory _clients;
    private readonly RegistryCircuit _circuit;
    private readonly IgnoredNames _ignored;

    public HttpIndexSource(
        IHttpClientFactory clients, RegistryCircuit circuit, IOptions<RegistryOptions> options, TimeProvider time, ILogger<HttpIndexSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _indexUrl = options.Value.Http.IndexUrl ?? throw new InvalidOperationException($"{RegistryOptions.SectionName}:Http:IndexUrl is required");
        _clients = clients;
        _circuit = circuit;
        _time = time;
        Description = "http:" + _indexUrl;
        _ignored = new IgnoredNames(logger);
    }

    public string Description { get; }

    public string? CircuitState => _circuit.State;

    public async Task<SourceListing> ListAsync(CancellationToken cancellationToken)
    {
        byte[] index;
        try
        {
            index = await FetchAsync(_indexUrl, HttpIndexDocument.MaxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new SourceUnavailableException($"index {_indexUrl} cannot be fetched: {Describe(ex)}", ex);
        }

        try
        {
            _ignored.BeginScan();
            var listing = HttpIndexDocument.Parse(index, _indexUrl, _ignored);
            _ignored.EndScan();
            return listing;
        }
        catch (Exception ex) when (ex is JsonException or FormatException || JsonText.IsNotText(ex))
        {
            throw new SourceUnavailableException($"index {_indexUrl} is not a valid index document: {ex.Message}", ex);
        }
    }

    public async Task<LoadOutcome> LoadAsync(VersionCandidate candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        byte[] bytes;
        try
        {
            bytes = await FetchAsync(new Uri(candidate.ReadFrom), WeightFile.MaxBytes + 1, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return LoadOutcome.Unavailable($"cannot be fetched: {Describe(ex)}");
        }

        var sha = WeightFileLoader.Sha256Hex(bytes);
        if (candidate.ExpectedSha256 is { } expected && sha != expected)
        {
            // Not remembered as invalid: the server may be between writing the file and the index.
            return LoadOutcome.Unavailable($"sha256 is {sha}, the index says {expected}");
        }

        return WeightFileLoader.Load(bytes, candidate, _time.GetUtcNow());
    }

    public void WaitForChange(TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        cancellationToken.WaitHandle.WaitOne(pollInterval);
        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose()
    {
        // The factory owns the handlers; clients it hands out need no disposing.
    }

    // The handler chain (retry, breaker, timeout) ends when the headers arrive; the bounded body read is ours.
    private async Task<byte[]> FetchAsync(Uri url, int limit, CancellationToken cancellationToken)
    {
        var http = _clients.CreateClient(RegistryHttpClient.Name);
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > limit)
        {
            throw new InvalidDataException($"{response.Content.Headers.ContentLength} bytes; the limit is {limit}");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadBoundedAsync(stream, limit, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        var buffer = new BoundedBuffer(limit);
        int read;
        while ((read = await stream.ReadAsync(buffer.Free, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (!buffer.Advance(read))
            {
                throw new InvalidDataException($"more than {limit} bytes");
            }
        }

        return buffer.ToArray();
    }

    private static string Describe(Exception ex) => ex switch
    {
        BrokenCircuitException => "circuit open after repeated failures",
        Polly.Timeout.TimeoutRejectedException => "timed out",
        _ => ex.Message,
    };
}
