using System.Text;

namespace ReRanker.Core.Tests.Support;

/// <summary>
/// A read-only stream that makes its lines only when asked for bytes and counts what it has served,
/// so a test can see how far a reader had read when it produced its first result.
/// </summary>
internal sealed class LazyLineStream(int lineCount, Func<int, string> line) : Stream
{
    private byte[] _pending = [];
    private int _pendingOffset;
    private int _nextLine;

    public long BytesServed { get; private set; }

    public int LinesMade => _nextLine;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesServed;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_pendingOffset == _pending.Length)
        {
            if (_nextLine == lineCount)
            {
                return 0;
            }

            _pending = Encoding.UTF8.GetBytes(line(_nextLine++) + "\n");
            _pendingOffset = 0;
        }

        // At most one line per call, like a slow network stream.
        var n = Math.Min(buffer.Length, _pending.Length - _pendingOffset);
        _pending.AsSpan(_pendingOffset, n).CopyTo(buffer);
        _pendingOffset += n;
        BytesServed += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
