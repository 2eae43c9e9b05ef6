using ReRanker.Core.DecisionLog;
using ReRanker.Core.Text;

namespace ReRanker.Api.DecisionLog;

/// <summary>
/// Turns one queued entry into its segment line (<see cref="DecisionLogFormat"/> + newline) in a reused buffer, with
/// slot values hashed by <see cref="HmacSlotValues"/> (which it owns). Owned by the single writer thread: not thread-safe.
/// </summary>
internal sealed class DecisionRecordEncoder : IDisposable
{
    private readonly JsonLineWriter _line = new(capacity: 16 * 1024);
    private readonly HmacSlotValues _values;
    private readonly string _replica;

    public DecisionRecordEncoder(HmacSlotValues values, string replica)
    {
        _values = values;
        _replica = replica;
    }

    /// <summary>The line of the last <see cref="Encode"/>, newline included; valid until the next call.</summary>
    public ReadOnlySpan<byte> Line => _line.Written;

    /// <summary>Encodes <paramref name="entry"/> into <see cref="Line"/>; throws ArgumentException or InvalidOperationException for a record that cannot be written.</summary>
    public void Encode(LogEntry entry)
    {
        _line.Clear();
        _values.BeginRecord();
        var header = new LogRecordHeader(entry.RequestId, entry.Time, _replica, _values.KeyId);
        switch (entry)
        {
            case DecisionEntry d:
                DecisionLogFormat.WriteDecision(_line, header, d.Policy, d.Context, d.Ranking.Hypotheses, d.Ranking.Ranked, _values, d.Ranking.Shadows);
                break;
            case FeedbackEntry f:
                DecisionLogFormat.WriteFeedback(_line, header, f.Outcome, f.Correction, _values);
                break;
        }

        _line.Raw("\n"u8);
        _values.BeginRecord();
    }

    public void Dispose() => _values.Dispose();
}
