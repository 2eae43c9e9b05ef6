using System.Text;

namespace ReRanker.Api.Infrastructure;

/// <summary>
/// An exception as it may be logged: each exception of the chain by its type and stack trace, without its message.
/// Messages can quote what a caller sent (a key, a value, a path), and logs never hold request content.
/// </summary>
internal sealed class RedactedException(Exception original) : Exception($"{original.GetType().FullName} (message withheld)")
{
    public override string? StackTrace => original.StackTrace;

    public override string ToString()
    {
        var text = new StringBuilder();
        for (Exception? e = original; e is not null; e = e.InnerException)
        {
            text.Append(text.Length == 0 ? string.Empty : "\n ---> ").Append(e.GetType().FullName).Append(" (message withheld)");
            if (e.StackTrace is { } stack)
            {
                text.Append('\n').Append(stack);
            }
        }

        return text.ToString();
    }
}
