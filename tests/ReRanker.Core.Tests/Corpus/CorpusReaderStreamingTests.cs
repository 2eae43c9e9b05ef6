using ReRanker.Core.Corpus;
using ReRanker.Core.Tests.Support;

namespace ReRanker.Core.Tests.Corpus;

/// <summary>The reader must work one line at a time: a corpus of any size, never read whole.</summary>
public class CorpusReaderStreamingTests
{
    private const int Lines = 5_000;

    [Fact]
    public async Task The_first_example_is_yielded_before_the_stream_has_been_read_to_the_end()
    {
        var stream = new LazyLineStream(Lines, i => CorpusLines.Valid($"u{i}"));
        var totalBytes = (long)Lines * (System.Text.Encoding.UTF8.GetByteCount(CorpusLines.Valid("u0")) + 2);

        await using var examples = CorpusReader.ReadAsync(stream).GetAsyncEnumerator();
        (await examples.MoveNextAsync()).Should().BeTrue();

        examples.Current.Id.Should().Be("u0");
        // At most the reader's 64 KiB buffer plus a line: a few percent of the ~3 MB the stream could serve.
        stream.BytesServed.Should().BeLessThan(80 * 1024);
        stream.BytesServed.Should().BeLessThan(totalBytes / 20);
        stream.LinesMade.Should().BeLessThan(Lines / 20);
    }

    [Fact]
    public async Task Reading_on_consumes_the_stream_progressively_and_yields_every_line()
    {
        var stream = new LazyLineStream(Lines, i => CorpusLines.Valid($"u{i}"));
        var count = 0;

        await foreach (var example in CorpusReader.ReadAsync(stream))
        {
            example.Id.Should().Be($"u{count}");
            if (count == Lines / 2)
            {
                stream.LinesMade.Should().BeLessThan(Lines, "half way through, the end of the stream must not have been made yet");
            }

            count++;
        }

        count.Should().Be(Lines);
        stream.LinesMade.Should().Be(Lines);
    }

    [Fact]
    public async Task Cancellation_stops_the_reading()
    {
        using var cancel = new CancellationTokenSource();
        var stream = new LazyLineStream(Lines, i => CorpusLines.Valid($"u{i}"));
        var read = 0;

        var act = async () =>
        {
            await foreach (var _ in CorpusReader.ReadAsync(stream, cancellationToken: cancel.Token))
            {
                if (++read == 10)
                {
                    await cancel.CancelAsync();
                }
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
        read.Should().Be(10);
    }
}
