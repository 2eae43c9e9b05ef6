using System.Text.Json;
using ReRanker.Core.Model;
using ReRanker.Core.Text;

namespace ReRanker.Api.Validation;

/// <summary>The flat context: string, boolean or finite number values, within the key and length limits.</summary>
public sealed partial class RerankRequestValidator
{
    private RequestContext? MapContext(Dictionary<string, JsonElement>? context)
    {
        if (context is null)
        {
            return RequestContext.Empty;
        }

        if (context.Count > limits.MaxContextKeys)
        {
            Fail("context", $"has {context.Count} keys; the limit is {limits.MaxContextKeys}");
            return null;
        }

        var entries = new List<KeyValuePair<string, ContextValue>>(context.Count);
        foreach (var (key, element) in context)
        {
            if (key.Length == 0 || key.Length > limits.MaxStringLength || JsonText.HasControlCharacter(key))
            {
                Fail(ContextField(key), $"keys must be 1 to {limits.MaxStringLength} printable characters");
                continue;
            }

            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    if (!JsonText.TryGetString(element, out var text))
                    {
                        Fail(ContextField(key), JsonText.NotTextMessage);
                        continue;
                    }

                    if (text.Length > limits.MaxStringLength)
                    {
                        Fail(ContextField(key), $"is longer than {limits.MaxStringLength} characters");
                        continue;
                    }

                    entries.Add(new(key, ContextValue.Of(text)));
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    entries.Add(new(key, ContextValue.Of(element.GetBoolean())));
                    break;
                case JsonValueKind.Number when element.TryGetDouble(out var number) && double.IsFinite(number):
                    entries.Add(new(key, ContextValue.Of(number)));
                    break;
                case JsonValueKind.Number:
                    Fail(ContextField(key), "must be a finite number");
                    break;
                default:
                    Fail(ContextField(key), "must be a string, a boolean or a number (context is flat)");
                    break;
            }
        }

        return new RequestContext(entries);
    }

    // Built only on failure, so a valid context allocates no field names; the key is caller text, so shown Printable.
    private static string ContextField(string key) => $"context.{JsonText.Printable(key)}";
}
