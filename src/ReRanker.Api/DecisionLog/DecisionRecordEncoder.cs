using System.Buffers;
using System.Text.Json;
using ReRanker.Core.DecisionLog;

namespace ReRanker.Api.DecisionLog;

/// <summary>
/// Turns one queued entry into its segment line (<see cref="DecisionLogFormat"/> + newline) in a reused buffer, with
/// slot values hashed by <see cref="HmacSlotValues"/> (which it owns). Owned by the single writer thread: not thread-safe.
/// </summary>
internal sealed class DecisionRecordEncoder : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly Utf8JsonWriter _json;
    private readonly HmacSlotValues _values;
    private readonly string _replica;

    public DecisionRecordEncoder(HmacSlotValues values, string replica)
    {
        _values = values;
        _replica = replica;
        // The format's code writes well-formed JSON (Core's tests check it with validation on); skipping the writer's own checks is cheaper.
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>The line of the last <see cref="Encode"/>, newline included; valid until the next call.</summary>
    public ReadOnlySpan<byte> Line => _buffer.WrittenSpan;

    /// <summary>Encodes <paramref name="entry"/> into <see cref="Line"/>; throws ArgumentException or InvalidOperationException for a record that cannot be written.</summary>
    public void Encode(LogEntry entry)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _values.BeginRecord();
        var header = new LogRecordHeader(entry.RequestId, entry.Time, _replica, _values.KeyId);
        switch (entry)
        {
            case DecisionEntry d:
                DecisionLogFormat.WriteDecision(_json, header, d.Policy, d.Context, d.Ranking.Hypotheses, d.Ranking.Ranked, _values, d.Ranking.Shadows);
                break;
            case FeedbackEntry f:
                DecisionLogFormat.WriteFeedback(_json, header, f.Outcome, f.Correction, _values);
                break;
        }

        _json.Flush();
        _buffer.Write("\n"u8);
        _values.BeginRecord();
    }

    public void Dispose()
    {
        _json.Dispose();
        _values.Dispose();
    }
}
