using System.Text;
using ReRanker.Core.Corpus;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Text;

namespace ReRanker.Trainer.Tests.Import;

/// <summary>
/// Writes decision-log segments as the service does (Core's <see cref="DecisionLogFormat"/>), with slot values
/// "hashed" by a stand-in that is visibly not the clear value, so import tests need no service.
/// </summary>
internal sealed class LogSegments(string folder, string replica = "pod-a", string keyId = "key1")
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private readonly StringBuilder _lines = new();

    public string Folder { get; } = Directory.CreateDirectory(folder).FullName;

    public static string Hashed(string value) => "hmac:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];

    public static Hypothesis Hyp(string domain, string intent, double score, params (string Name, string Value)[] slots) =>
        new(domain, intent, [.. slots.Select(s => new Slot(s.Name, s.Value, 0.9))], score, 0.5, 0.5);

    /// <summary>A decision served in the order given (first = served top).</summary>
    public LogSegments Decision(string requestId, int minute, params Hypothesis[] servedOrder)
    {
        ScoredHypothesis[] ranked = [.. servedOrder.Select((_, i) => new ScoredHypothesis(i, -i, 0.5, ScoringMethod.Weights, 1))];
        return Line(w => DecisionLogFormat.WriteDecision(w, Header(requestId, minute), UnweightedDomainPolicy.Unweighted, RequestContext.Empty, servedOrder, ranked, Hasher.Instance));
    }

    public LogSegments Feedback(string requestId, int minute, FeedbackOutcome outcome, GoldInterpretation? correction = null, string? underKey = null) =>
        Line(w => DecisionLogFormat.WriteFeedback(w, Header(requestId, minute) with { KeyId = underKey ?? keyId }, outcome, correction, Hasher.Instance));

    public LogSegments Raw(string text)
    {
        _lines.Append(text);
        return this;
    }

    /// <summary>Writes what was added as one segment file and starts the next.</summary>
    public string Save(int sequence = 0)
    {
        var path = Path.Combine(Folder, SegmentName.Format(replica, T0, sequence));
        File.WriteAllText(path, _lines.ToString());
        _lines.Clear();
        return path;
    }

    private LogRecordHeader Header(string requestId, int minute) => new(requestId, T0.AddMinutes(minute), replica, keyId);

    private LogSegments Line(Action<JsonLineWriter> write)
    {
        var line = new JsonLineWriter();
        write(line);
        _lines.Append(Encoding.UTF8.GetString(line.Written)).Append('\n');
        return this;
    }

    private sealed class Hasher : ISlotValueWriter
    {
        public static readonly Hasher Instance = new();

        public void WriteValue(JsonLineWriter line, string value) => line.String(Hashed(value));
    }
}
