using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ReRanker.Api.Scoring;
using ReRanker.Api.Validation;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;

namespace ReRanker.Api.DecisionLog;

/// <summary>A record waiting for the writer: immutable references only; hashing and serialising happen on the writer.</summary>
internal abstract class LogEntry(string requestId, DateTimeOffset time)
{
    public string RequestId { get; } = requestId;

    public DateTimeOffset Time { get; } = time;
}

internal sealed class DecisionEntry(Ranking ranking, RequestContext context, UnweightedDomainPolicy policy, DateTimeOffset time)
    : LogEntry(ranking.RequestId, time)
{
    public Ranking Ranking { get; } = ranking;

    public RequestContext Context { get; } = context;

    public UnweightedDomainPolicy Policy { get; } = policy;
}

internal sealed class FeedbackEntry(string requestId, FeedbackOutcome outcome, GoldInterpretation? correction, DateTimeOffset time)
    : LogEntry(requestId, time)
{
    public FeedbackOutcome Outcome { get; } = outcome;

    public GoldInterpretation? Correction { get; } = correction;
}

/// <summary>
/// The request side of the decision log: one enqueue per decision or feedback, never a wait. The queue is bounded
/// by a counter (over <see cref="DecisionLogOptions.QueueCapacity"/> a record is dropped and counted); the
/// <see cref="DecisionLogWriter"/> drains it.
/// </summary>
internal sealed class DecisionRecorder
{
    private readonly Channel<LogEntry> _queue = Channel.CreateUnbounded<LogEntry>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    private readonly TimeProvider _time;
    private readonly int _capacity;
    private long _queued;

    private readonly IDecisionObserver[] _observers;

    public DecisionRecorder(IOptions<DecisionLogOptions> options, TimeProvider time, System.Diagnostics.Metrics.IMeterFactory meters)
        : this(options, time, meters, [])
    {
    }

    public DecisionRecorder(
        IOptions<DecisionLogOptions> options, TimeProvider time, System.Diagnostics.Metrics.IMeterFactory meters, IEnumerable<IDecisionObserver> observers)
    {
        ArgumentNullException.ThrowIfNull(observers);
        _observers = [.. observers];
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        _time = time;
        _capacity = Options.QueueCapacity;
        Enabled = Options.Enabled;
        Metrics = new DecisionLogMetrics(meters, () => Interlocked.Read(ref _queued));
    }

    public DecisionLogOptions Options { get; }

    public bool Enabled { get; }

    public DecisionLogMetrics Metrics { get; }

    public long QueueLength => Interlocked.Read(ref _queued);

    internal ChannelReader<LogEntry> Reader => _queue.Reader;

    /// <summary>Queues the decision of one request or batch item and returns <paramref name="ranking"/> unchanged.</summary>
    public Ranking Record(ValidatedRerank request, Ranking ranking, UnweightedDomainPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(ranking);
        foreach (var observer in _observers)
        {
            observer.Decided(ranking);
        }

        if (Enabled)
        {
            Enqueue(new DecisionEntry(ranking, request.Context, policy, _time.GetUtcNow()));
        }

        return ranking;
    }

    /// <summary>Queues one feedback; false when it will not be logged (log off, queue full or stopped).</summary>
    public bool RecordFeedback(string requestId, FeedbackOutcome outcome, GoldInterpretation? correction)
    {
        foreach (var observer in _observers)
        {
            observer.FeedbackReceived(requestId, outcome);
        }

        return Enabled && Enqueue(new FeedbackEntry(requestId, outcome, correction, _time.GetUtcNow()));
    }

    /// <summary>The writer took one entry off the queue.</summary>
    internal void Dequeued() => Interlocked.Decrement(ref _queued);

    /// <summary>No more records are accepted (shutdown); what is queued is still written.</summary>
    internal void Complete() => _queue.Writer.TryComplete();

    private bool Enqueue(LogEntry entry)
    {
        if (Interlocked.Increment(ref _queued) > _capacity)
        {
            Interlocked.Decrement(ref _queued);
            Metrics.AddDropped(DropReason.QueueFull);
            return false;
        }

        if (!_queue.Writer.TryWrite(entry))
        {
            Interlocked.Decrement(ref _queued);
            Metrics.AddDropped(DropReason.Unavailable);
            return false;
        }

        return true;
    }
}
