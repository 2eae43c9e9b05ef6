using ReRanker.Api.Contracts;
using ReRanker.Api.Settings;
using ReRanker.Core.Model;
using ReRanker.Core.Text;

namespace ReRanker.Api.Validation;

/// <summary>A request that passed validation, mapped to Core's records.</summary>
public sealed record ValidatedRerank(string? RequestId, RequestContext Context, IReadOnlyList<Hypothesis> Hypotheses, int? TopK, bool Explain);

/// <summary>
/// Checks a <see cref="RerankRequest"/> against the limits and Core's rules, collecting every error
/// keyed by its JSON path (e.g. <c>hypotheses[3].domainScore</c>), then maps it to Core's records.
/// </summary>
public sealed partial class RerankRequestValidator(RequestLimits limits)
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private string _prefix = string.Empty;

    /// <summary>Validates one request; <paramref name="prefix"/> is prepended to field names (e.g. "requests[2]").</summary>
    public (ValidatedRerank? Request, Dictionary<string, string[]>? Errors) Validate(RerankRequest request, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(request);
        _errors.Clear();
        _prefix = prefix;
        CheckOptionalName(request.RequestId, new FieldPath(-1, -1, "requestId"));
        var context = MapContext(request.Context);
        var hypotheses = MapHypotheses(request.Hypotheses);
        if (request.TopK is { } topK && (topK < 1 || topK > limits.MaxHypotheses))
        {
            Fail("topK", $"must be between 1 and {limits.MaxHypotheses}");
        }

        if (_errors.Count > 0)
        {
            return (null, _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }

        return (new ValidatedRerank(request.RequestId, context!, hypotheses!, request.TopK, request.Explain ?? false), null);
    }

    private List<Hypothesis>? MapHypotheses(List<HypothesisInput?>? inputs)
    {
        if (inputs is null)
        {
            Fail("hypotheses", "is required");
            return null;
        }

        if (inputs.Count == 0 || inputs.Count > limits.MaxHypotheses)
        {
            Fail("hypotheses", $"must hold between 1 and {limits.MaxHypotheses} hypotheses; it has {inputs.Count}");
            return null;
        }

        var hypotheses = new List<Hypothesis>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (MapHypothesis(inputs[i], i) is { } hypothesis)
            {
                hypotheses.Add(hypothesis);
            }
        }

        return hypotheses;
    }

    private Hypothesis? MapHypothesis(HypothesisInput? input, int index)
    {
        if (input is null)
        {
            Fail(FieldPath.OfHypothesis(index), "must be an object");
            return null;
        }

        var before = _errors.Count;
        CheckOptionalName(input.Id, FieldPath.OfHypothesis(index, "id"));
        if (input.Domain is null)
        {
            Fail(FieldPath.OfHypothesis(index, "domain"), "is required");
        }
        else if (!DomainName.IsValid(input.Domain))
        {
            Fail(FieldPath.OfHypothesis(index, "domain"), $"must match {DomainName.Pattern}");
        }

        CheckRequiredString(input.Intent, FieldPath.OfHypothesis(index, "intent"), isName: true);
        var domainScore = Confidence(input.DomainScore, FieldPath.OfHypothesis(index, "domainScore"), required: true);
        var intentScore = Confidence(input.IntentScore, FieldPath.OfHypothesis(index, "intentScore"), required: true);
        var slotScore = Confidence(input.SlotScore, FieldPath.OfHypothesis(index, "slotScore"), required: true);
        var slots = MapSlots(input.Slots, index);
        if (_errors.Count > before)
        {
            return null;
        }

        return new Hypothesis(input.Domain!, input.Intent!, slots, domainScore!.Value, intentScore!.Value, slotScore!.Value, input.Id);
    }

    private List<Slot> MapSlots(List<SlotInput?>? inputs, int hypothesis)
    {
        var slots = new List<Slot>(inputs?.Count ?? 0);
        if (inputs is null)
        {
            return slots;
        }

        if (inputs.Count > limits.MaxSlotsPerHypothesis)
        {
            Fail(FieldPath.OfHypothesis(hypothesis, "slots"), $"has {inputs.Count} slots; the limit is {limits.MaxSlotsPerHypothesis}");
            return slots;
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i] is not { } slot)
            {
                Fail(FieldPath.OfSlot(hypothesis, i), "must be an object");
                continue;
            }

            var nameOk = CheckRequiredString(slot.Name, FieldPath.OfSlot(hypothesis, i, "name"), isName: true);
            var valueOk = CheckRequiredString(slot.Value, FieldPath.OfSlot(hypothesis, i, "value"), allowEmpty: true);
            var before = _errors.Count;
            var confidence = Confidence(slot.Confidence, FieldPath.OfSlot(hypothesis, i, "confidence"), required: false);
            if (nameOk && valueOk && _errors.Count == before)
            {
                slots.Add(new Slot(slot.Name!, slot.Value!, confidence));
            }
        }

        return slots;
    }

    private double? Confidence(double? value, FieldPath field, bool required)
    {
        if (value is not { } number)
        {
            if (required)
            {
                Fail(field, "is required");
            }

            return null;
        }

        // JSON cannot carry NaN or Infinity, but a huge literal (1e400) can overflow to Infinity.
        if (!double.IsFinite(number) || number is < 0 or > 1)
        {
            Fail(field, "must be a finite number within [0, 1]");
            return null;
        }

        return number;
    }

    private bool CheckRequiredString(string? value, FieldPath field, bool allowEmpty = false, bool isName = false) =>
        Check(StringRules.Problem(value, limits, required: true, allowEmpty, isName), field);

    private bool CheckOptionalString(string? value, FieldPath field) => Check(StringRules.Problem(value, limits, required: false), field);

    /// <summary>Names and ids (intent, slot name, ids) are strings that must also hold no control characters.</summary>
    private bool CheckOptionalName(string? value, FieldPath field) => Check(StringRules.Problem(value, limits, required: false, isName: true), field);

    private bool Check(string? problem, FieldPath field)
    {
        if (problem is not null)
        {
            Fail(field, problem);
        }

        return problem is null;
    }

    private void Fail(FieldPath field, string message) => Fail(field.ToString(), message);

    private void Fail(string field, string message)
    {
        var key = _prefix.Length == 0 ? field : $"{_prefix}.{field}";
        if (!_errors.TryGetValue(key, out var messages))
        {
            _errors[key] = messages = [];
        }

        messages.Add(message);
    }
}
