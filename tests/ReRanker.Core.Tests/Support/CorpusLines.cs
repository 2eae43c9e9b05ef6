using System.Runtime.CompilerServices;
using System.Text;
using ReRanker.Core.Corpus;
using ReRanker.Core.Model;

namespace ReRanker.Core.Tests.Support;

/// <summary>Corpus lines for reader tests and a helper to read them all.</summary>
internal static class CorpusLines
{
    public static string Valid(string id = "u1", string domainScore = "0.8") =>
        $$"""{"id":"{{id}}","utterance":"play abba","context":{"deviceType":"speaker","hasScreen":false,"hour":11},"gold":{"domain":"music","intent":"music_play","slots":[{"name":"artist","value":"abba"}]},"hypotheses":[{"domain":"music","intent":"music_play","slots":[{"name":"artist","value":"abba","confidence":0.97}],"domainScore":{{domainScore}},"intentScore":0.9,"slotScore":0.85},{"domain":"video","intent":"video_play","slots":[],"domainScore":0.3,"intentScore":0.6,"slotScore":1}]}""";

    public static MemoryStream Stream(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join("\n", lines)));

    public static async Task<List<LabelledExample>> ReadAll(Stream stream, Action<CorpusFormatException>? onInvalidLine = null)
    {
        var examples = new List<LabelledExample>();
        await foreach (var example in CorpusReader.ReadAsync(stream, onInvalidLine))
        {
            examples.Add(example);
        }

        return examples;
    }
}
