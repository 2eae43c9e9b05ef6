using Microsoft.Extensions.Options;

namespace ReRanker.Api.Rollback;

/// <summary>
/// The rollback watcher (docs/registry.md, "Rollback on complaints"), section "Rollback". Off by default. When on,
/// a domain whose newly served version shows a defect share (rephrased, barge-in, abandoned among the feedback of
/// requests that domain won) worse than its previous version's by more than <see cref="Tolerance"/>, with
/// <see cref="Confidence"/>, after at least <see cref="MinFeedback"/> feedback events under each, is pinned back.
/// </summary>
public sealed class RollbackOptions
{
    public const string Section = "Rollback";

    public bool Enabled { get; set; }

    /// <summary>Feedback events needed under the served version, and under the previous one, before the test is made.</summary>
    public int MinFeedback { get; set; } = 200;

    /// <summary>How much worse (absolute share, 0.02 = 2 points) the new version may be before it counts as worse.</summary>
    public double Tolerance { get; set; } = 0.02;

    /// <summary>Confidence of the one-sided two-proportion z-test (0.95: roll back when z ≥ 1.645).</summary>
    public double Confidence { get; set; } = 0.95;

    /// <summary>Recent requests remembered (request id → winning domain and version) to join feedback to; the oldest are forgotten.</summary>
    public int TrackedRequests { get; set; } = 100_000;
}

internal sealed class RollbackOptionsValidator : IValidateOptions<RollbackOptions>
{
    public ValidateOptionsResult Validate(string? name, RollbackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.MinFeedback is < 10 or > 10_000_000)
        {
            errors.Add($"{RollbackOptions.Section}:{nameof(RollbackOptions.MinFeedback)} must be 10 to 10000000 (it is {options.MinFeedback})");
        }

        if (!double.IsFinite(options.Tolerance) || options.Tolerance is < 0 or >= 1)
        {
            errors.Add($"{RollbackOptions.Section}:{nameof(RollbackOptions.Tolerance)} must be in [0, 1) (it is {options.Tolerance})");
        }

        if (!double.IsFinite(options.Confidence) || options.Confidence is < 0.5 or >= 1)
        {
            errors.Add($"{RollbackOptions.Section}:{nameof(RollbackOptions.Confidence)} must be in [0.5, 1) (it is {options.Confidence})");
        }

        if (options.TrackedRequests is < 100 or > 10_000_000)
        {
            errors.Add($"{RollbackOptions.Section}:{nameof(RollbackOptions.TrackedRequests)} must be 100 to 10000000 (it is {options.TrackedRequests})");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
