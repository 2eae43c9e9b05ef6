using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace ReRanker.Core.Text;

/// <summary>
/// The one decoding rule for every JSON string the service and the trainer read (requests, batch items, weight
/// files, index documents, corpus and log lines). JSON may carry escapes that are not text, such as an unpaired
/// UTF-16 surrogate (<c>"\ud800"</c>): the parser accepts them and <see cref="JsonElement.GetString"/> then throws.
/// These methods report such a string as invalid instead, so callers turn it into a field-named error.
/// Invalid UTF-8 is refused earlier, on the whole document (<see cref="System.Text.Unicode.Utf8.IsValid"/>).
/// </summary>
public static class JsonText
{
    /// <summary>The reason given for a string that does not decode to text.</summary>
    public const string NotTextMessage = "is not valid text (it holds an unpaired UTF-16 surrogate escape)";

    /// <summary>The reason given for a name that holds a control character.</summary>
    public const string ControlCharacterMessage = "must not hold control characters";

    /// <summary>The string value of <paramref name="element"/>; false when it is not a string or does not decode to text.</summary>
    public static bool TryGetString(JsonElement element, [NotNullWhen(true)] out string? value)
    {
        value = null;
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            value = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The name of <paramref name="property"/>; false when it does not decode to text.</summary>
    public static bool TryGetName(JsonProperty property, [NotNullWhen(true)] out string? name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = null;
            return false;
        }
    }

    /// <summary>
    /// True when <paramref name="exception"/> (or what it wraps) is the reader's refusal to decode a string, as
    /// System.Text.Json reports it from <see cref="JsonSerializer"/> (a <see cref="JsonException"/> around it) or
    /// from <see cref="JsonElement"/> (the bare <see cref="InvalidOperationException"/>).
    /// </summary>
    public static bool IsNotText(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is InvalidOperationException && e.Message.Contains("UTF-16", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="text"/> holds a control character (names, keys and identifiers must not).</summary>
    public static bool HasControlCharacter(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="text"/> made safe to show in a log line or an error message: control characters (and any
    /// surrogate left unpaired) become '?', and at most <paramref name="maxLength"/> characters are kept.
    /// </summary>
    public static string Printable(string text, int maxLength = 64)
    {
        ArgumentNullException.ThrowIfNull(text);
        var length = Math.Min(text.Length, maxLength);
        return string.Create(length + (text.Length > maxLength ? 1 : 0), (text, length), static (span, state) =>
        {
            var (source, count) = state;
            for (var i = 0; i < count; i++)
            {
                var c = source[i];
                var paired = char.IsHighSurrogate(c) ? i + 1 < count && char.IsLowSurrogate(source[i + 1])
                    : !char.IsLowSurrogate(c) || (i > 0 && char.IsHighSurrogate(source[i - 1]));
                span[i] = char.IsControl(c) || !paired ? '?' : c;
            }

            if (span.Length > count)
            {
                span[count] = '…';
            }
        });
    }
}
