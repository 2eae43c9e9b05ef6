using System.Text.Json;
using ReRanker.Core.DecisionLog;
using ReRanker.Deploy.Tests.Infrastructure;
using ReRanker.Tests.Shared;
using ReRanker.TrafficLoop;
using Xunit.Abstractions;

namespace ReRanker.Deploy.Tests.Traffic;

/// <summary>
/// The learning loop on a real service over HTTP, on a smaller slice than the documented run
/// (tests/load/traffic-loop.sh): weights from 137 utterances, 600 utterances of traffic with simulated users,
/// <c>import</c>, <c>train --all --loss combined</c>, evaluated on the whole test split.
/// </summary>
public sealed class LearningLoopTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("reranker-loop-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Traffic_and_feedback_imported_and_retrained_beat_the_starting_registry_and_no_slot_value_is_stored_in_clear()
    {
        var settings = new LoopSettings(Binaries.ApiDll, Binaries.TrainerDll, RepoPaths.Corpus("train.jsonl"), RepoPaths.Corpus("test.jsonl"), _root, Slice: 137, Traffic: 600, Seed: 1);

        var figures = await LoopRun.RunAsync(settings, output.WriteLine);

        output.WriteLine(LoopRun.ToJson(figures));
        figures.Tally.Requests.Should().Be(600);
        figures.Tally.CorrectionShare.Should().BeLessThanOrEqualTo(0.05, "the user model corrects a few percent");
        figures.ImportedRecords.Should().Be(600 - figures.Tally.NoFeedback, "every decision with feedback is a training record");
        figures.SemerTraffic.Should().BeLessThan(figures.SemerBefore, "training on the imported traffic must beat the starting weights on the test split");
        NoSlotValueInClear(Path.Combine(_root, "decision-log"), figures.Tally.SlotValuesSent);
    }

    /// <summary>
    /// Greps every file of the log folder for every slot value the traffic sent: as a JSON value anywhere, and as raw
    /// text when it is long enough not to occur by chance inside a hash and is not part of a name (domain, intent, slot
    /// name, context value or request id, e.g. "ticket" in transport_ticket) that the log keeps in clear.
    /// </summary>
    private static void NoSlotValueInClear(string folder, IReadOnlySet<string> values)
    {
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        files.Should().NotBeEmpty();
        var text = string.Concat(files.Select(File.ReadAllText));
        var names = ClearNames(files);
        values.Should().NotBeEmpty();
        var leaked = values.Where(v => text.Contains($"\"value\":{JsonSerializer.Serialize(v)}", StringComparison.Ordinal)
            || (v.Length >= 6 && !names.Any(n => n.Contains(v, StringComparison.Ordinal)) && text.Contains(v, StringComparison.Ordinal))).ToArray();
        leaked.Should().BeEmpty("slot values are stored only as keyed hashes");
    }

    private static HashSet<string> ClearNames(IEnumerable<string> segments)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in segments.Where(s => SegmentName.TryParse(Path.GetFileName(s), out _, out _, out _)))
        {
            foreach (var line in File.ReadLines(segment))
            {
                using var json = JsonDocument.Parse(line);
                Collect(json.RootElement, names);
            }
        }

        return names;
    }

    private static void Collect(JsonElement element, HashSet<string> names)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    names.Add(property.Name);
                    if (property.Name != "value")
                    {
                        Collect(property.Value, names);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, names);
                }

                break;
            case JsonValueKind.String:
                names.Add(element.GetString()!);
                break;
        }
    }
}
