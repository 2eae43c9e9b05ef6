using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace ReRanker.Api.Tests.Support;

/// <summary>
/// A fake HTTP registry behind the HTTP source's named client (its primary handler): serves an index and weight
/// files from memory, answers a status a test sets per path (once, or until changed), and counts calls per path.
/// </summary>
internal sealed class ScriptedRegistryHandler : HttpMessageHandler
{
    public static readonly Uri IndexUrl = new("http://registry.test/registry/index.json");

    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<HttpStatusCode>> _next = new(StringComparer.Ordinal);

    /// <summary>When set, every request to the index gets this status instead of the index.</summary>
    public HttpStatusCode? IndexStatus { get; set; }

    /// <summary>How many requests reached <paramref name="path"/> (e.g. "/registry/index.json").</summary>
    public int Calls(string path) => _calls.GetValueOrDefault(path);

    /// <summary>The next requests to <paramref name="path"/> get these statuses, one each, before the file is served again.</summary>
    public void ThenAnswer(string path, params HttpStatusCode[] statuses)
    {
        var queue = _next.GetOrAdd(path, _ => new ConcurrentQueue<HttpStatusCode>());
        foreach (var status in statuses)
        {
            queue.Enqueue(status);
        }
    }

    /// <summary>Publishes weight files under /registry/&lt;domain&gt;/&lt;version&gt;.json and an index listing them.</summary>
    public void Publish(params (string Domain, int Version)[] versions)
    {
        var domains = new Dictionary<string, List<object>>();
        foreach (var (domain, version) in versions)
        {
            var bytes = HandMadeWeights.Bytes(domain, version);
            _files[$"/registry/{domain}/{version}.json"] = bytes;
            if (!domains.TryGetValue(domain, out var list))
            {
                domains[domain] = list = [];
            }

            list.Add(new { version, url = $"{domain}/{version}.json", sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)) });
        }

        _files[IndexUrl.AbsolutePath] = JsonSerializer.SerializeToUtf8Bytes(new { domains });
    }

    /// <summary>Replaces the index with <paramref name="bytes"/> (e.g. a document that is not an index).</summary>
    public void PutIndex(byte[] bytes) => _files[IndexUrl.AbsolutePath] = bytes;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        _calls.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (_next.TryGetValue(path, out var queue) && queue.TryDequeue(out var scripted))
        {
            return Task.FromResult(new HttpResponseMessage(scripted));
        }

        if (path == IndexUrl.AbsolutePath && IndexStatus is { } status)
        {
            return Task.FromResult(new HttpResponseMessage(status));
        }

        return Task.FromResult(_files.TryGetValue(path, out var bytes)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) }
            : new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}
