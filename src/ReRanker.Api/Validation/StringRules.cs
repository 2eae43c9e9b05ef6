using ReRanker.Api.Settings;
using ReRanker.Core.Text;

namespace ReRanker.Api.Validation;

/// <summary>
/// The rule for every string a request body carries, shared by the rerank and feedback validators: required or
/// not, empty allowed or not, at most <see cref="RequestLimits.MaxStringLength"/> characters, and for names and ids
/// (intent, slot name, requestId, ids) no control characters.
/// </summary>
internal static class StringRules
{
    /// <summary>Why <paramref name="value"/> breaks the rule, or null when it keeps it (an absent optional value keeps it).</summary>
    public static string? Problem(string? value, RequestLimits limits, bool required, bool allowEmpty = false, bool isName = false)
    {
        if (value is null)
        {
            return required ? "is required" : null;
        }

        if (!allowEmpty && required && value.Length == 0)
        {
            return "must not be empty";
        }

        if (value.Length > limits.MaxStringLength)
        {
            return $"is longer than {limits.MaxStringLength} characters";
        }

        return isName && JsonText.HasControlCharacter(value) ? JsonText.ControlCharacterMessage : null;
    }
}
