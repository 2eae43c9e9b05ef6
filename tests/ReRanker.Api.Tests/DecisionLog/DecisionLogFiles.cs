using System.Net.Http.Json;
using System.Text.Json;
using ReRanker.Api.Tests.Support;
using ReRanker.Core.DecisionLog;

namespace ReRanker.Api.Tests.DecisionLog;

/// <summary>Reads what a factory's service wrote to its decision-log folder, waiting (bounded) for the writer to sync.</summary>
internal static class DecisionLogFiles
{
    public static async Task<List<LogRecord>> ReadAsync(ApiFactory factory, int expected)
    {
        var client = factory.CreateClient();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var status = await client.GetFromJsonAsync<JsonElement>("/v1/decision-log/status");
            if (status.GetProperty("written").GetInt64() >= expected)
            {
                break;
            }

            await Task.Delay(50);
        }

        var records = new List<LogRecord>();
        foreach (var file in Directory.GetFiles(factory.DecisionLogPath, SegmentName.Prefix + "*").Order(StringComparer.Ordinal))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            await foreach (var record in SegmentReader.ReadAsync(stream))
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>Every byte of every file in the log folder, as text: what a person could read on disk.</summary>
    public static string AllText(ApiFactory factory) =>
        string.Concat(Directory.GetFiles(factory.DecisionLogPath, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
}
