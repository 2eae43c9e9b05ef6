using System.ComponentModel.DataAnnotations;

namespace ReRanker.Api.Contracts;

/// <summary>
/// How a user reacted to a served decision. Every property is nullable so that a missing field is reported by
/// FeedbackRequestValidator with its name; the attributes only document the rules in the OpenAPI schema.
/// </summary>
public sealed class FeedbackRequest
{
    /// <summary>The requestId of the decision (as the rerank response returned it); one this replica never served is accepted.</summary>
    [Required]
    public string? RequestId { get; init; }

    /// <summary>accepted, rephrased, barge-in, abandoned or corrected.</summary>
    [Required]
    public string? Outcome { get; init; }

    /// <summary>What the user meant: required with outcome corrected, and only allowed with it.</summary>
    public CorrectionInput? Correction { get; init; }
}

/// <summary>The right interpretation, in the corpus's gold format. Slot values are stored only as keyed hashes.</summary>
public sealed class CorrectionInput
{
    /// <summary>Domain name (pattern ^[a-z0-9][a-z0-9_.-]{0,63}$).</summary>
    [Required]
    public string? Domain { get; init; }

    [Required]
    public string? Intent { get; init; }

    public List<CorrectionSlotInput?>? Slots { get; init; }
}

public sealed class CorrectionSlotInput
{
    [Required]
    public string? Name { get; init; }

    [Required]
    public string? Value { get; init; }
}

/// <summary>202: the feedback was received. <paramref name="Logged"/> is false when the decision log is off or could not take it.</summary>
public sealed record FeedbackResponse(string RequestId, string Outcome, bool Logged);

/// <summary>The decision log's state and counters (the same counts as the ReRanker.DecisionLog meter).</summary>
/// <param name="State">off, starting, writing, failing (IO errors; retrying), unavailable (no key or folder), stopped.</param>
/// <param name="Written">Records flushed and synced to a segment.</param>
/// <param name="DroppedQueueFull">Records dropped because the writer was behind (the request did not wait).</param>
/// <param name="DroppedWriteFailed">Records dropped by an IO error (full disk) or never serialisable.</param>
/// <param name="DroppedUnavailable">Records dropped while the log could not start or had stopped.</param>
/// <param name="WriteErrors">Failed opens, writes, flushes or deletions.</param>
public sealed record DecisionLogStatusResponse(
    string State,
    string? Replica,
    string? KeyId,
    string? ActiveSegment,
    DateTimeOffset? LastSyncAt,
    long QueueLength,
    int QueueCapacity,
    long Written,
    long DroppedQueueFull,
    long DroppedWriteFailed,
    long DroppedUnavailable,
    long WriteErrors);
