using ReRanker.Api.Contracts;
using ReRanker.Api.Settings;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Model;

namespace ReRanker.Api.Validation;

/// <summary>A feedback that passed validation, mapped to Core's records.</summary>
public sealed record ValidatedFeedback(string RequestId, FeedbackOutcome Outcome, GoldInterpretation? Correction);

/// <summary>
/// Checks a <see cref="FeedbackRequest"/> with the rerank request's limits and string rules (<see cref="StringRules"/>)
/// and Core's rules (domain names, outcome names), collecting every error keyed by its field (e.g. <c>correction.slots[1].value</c>).
/// </summary>
public sealed class FeedbackRequestValidator(RequestLimits limits)
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public (ValidatedFeedback? Feedback, Dictionary<string, string[]>? Errors) Validate(FeedbackRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _errors.Clear();
        CheckString(request.RequestId, "requestId", allowEmpty: false);
        FeedbackOutcome outcome = default;
        if (request.Outcome is null)
        {
            Fail("outcome", "is required");
        }
        else if (!FeedbackOutcomes.TryParse(request.Outcome, out outcome))
        {
            Fail("outcome", $"must be one of {string.Join(", ", FeedbackOutcomes.Names)}");
        }

        GoldInterpretation? correction = null;
        if (request.Correction is { } input)
        {
            if (request.Outcome is not null && outcome != FeedbackOutcome.Corrected)
            {
                Fail("correction", "is only allowed with the outcome corrected");
            }
            else
            {
                correction = MapCorrection(input);
            }
        }
        else if (request.Outcome is not null && outcome == FeedbackOutcome.Corrected)
        {
            Fail("correction", "is required with the outcome corrected");
        }

        if (_errors.Count > 0)
        {
            return (null, _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }

        return (new ValidatedFeedback(request.RequestId!, outcome, correction), null);
    }

    private GoldInterpretation? MapCorrection(CorrectionInput input)
    {
        var before = _errors.Count;
        if (input.Domain is null)
        {
            Fail("correction.domain", "is required");
        }
        else if (!DomainName.IsValid(input.Domain))
        {
            Fail("correction.domain", $"must match {DomainName.Pattern}");
        }

        CheckString(input.Intent, "correction.intent", allowEmpty: false);
        var slots = new List<Slot>(input.Slots?.Count ?? 0);
        if (input.Slots is { Count: var count } && count > limits.MaxSlotsPerHypothesis)
        {
            Fail("correction.slots", $"has {count} slots; the limit is {limits.MaxSlotsPerHypothesis}");
        }
        else
        {
            for (var i = 0; i < (input.Slots?.Count ?? 0); i++)
            {
                if (input.Slots![i] is not { } slot)
                {
                    Fail($"correction.slots[{i}]", "must be an object");
                    continue;
                }

                var nameOk = CheckString(slot.Name, $"correction.slots[{i}].name", allowEmpty: false);
                var valueOk = CheckString(slot.Value, $"correction.slots[{i}].value", allowEmpty: true, isName: false);
                if (nameOk && valueOk)
                {
                    slots.Add(new Slot(slot.Name!, slot.Value!));
                }
            }
        }

        return _errors.Count > before ? null : new GoldInterpretation(input.Domain!, input.Intent!, slots);
    }

    private bool CheckString(string? value, string field, bool allowEmpty, bool isName = true)
    {
        if (StringRules.Problem(value, limits, required: true, allowEmpty, isName) is { } problem)
        {
            Fail(field, problem);
            return false;
        }

        return true;
    }

    private void Fail(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }
}
