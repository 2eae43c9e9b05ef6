using ReRanker.Core.Scoring;

namespace ReRanker.Registry;

internal enum LoadStatus
{
    /// <summary>Valid; <see cref="LoadOutcome.Loaded"/> is set.</summary>
    Valid,

    /// <summary>The content is invalid. Remembered for this fingerprint, so it is not re-read until it changes.</summary>
    Invalid,

    /// <summary>Could not be read this time (I/O, permissions or network); recorded, not remembered, read again next scan.</summary>
    Unavailable,

    /// <summary>The file disappeared while being read; nothing to record.</summary>
    Vanished,
}

/// <summary>One validated, compiled version file.</summary>
internal sealed record LoadedVersion(DomainWeights Weights, string Sha256, string Location, DateTimeOffset LoadedAt)
{
    public int Version => Weights.Version;
}

/// <summary>What loading one version file gave.</summary>
internal sealed record LoadOutcome(LoadStatus Status, LoadedVersion? Loaded, string? Reason)
{
    public static LoadOutcome Vanished { get; } = new(LoadStatus.Vanished, null, "the file disappeared");

    public static LoadOutcome Valid(LoadedVersion loaded) => new(LoadStatus.Valid, loaded, null);

    public static LoadOutcome Invalid(string reason) => new(LoadStatus.Invalid, null, reason);

    public static LoadOutcome Unavailable(string reason) => new(LoadStatus.Unavailable, null, reason);
}
