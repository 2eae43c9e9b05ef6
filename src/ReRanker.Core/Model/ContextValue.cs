namespace ReRanker.Core.Model;

public enum ContextValueKind
{
    String,
    Boolean,
    Number,
}

/// <summary>A flat context value: a string, a boolean or a number.</summary>
public readonly record struct ContextValue
{
    private ContextValue(ContextValueKind kind, string? text, double number)
    {
        Kind = kind;
        Text = text;
        Number = number;
    }

    public ContextValueKind Kind { get; }

    /// <summary>The value when <see cref="Kind"/> is <see cref="ContextValueKind.String"/>.</summary>
    public string? Text { get; }

    /// <summary>The numeric value: the number itself, or 1/0 for a boolean.</summary>
    public double Number { get; }

    public static ContextValue Of(string text) => new(ContextValueKind.String, text ?? throw new ArgumentNullException(nameof(text)), 0);

    public static ContextValue Of(bool flag) => new(ContextValueKind.Boolean, null, flag ? 1 : 0);

    /// <summary>A number context value; NaN and infinities are not JSON numbers and are refused.</summary>
    public static ContextValue Of(double number) => double.IsFinite(number)
        ? new(ContextValueKind.Number, null, number)
        : throw new ArgumentOutOfRangeException(nameof(number), number, "A context number must be finite.");

    public override string ToString() => Kind switch
    {
        ContextValueKind.String => Text!,
        ContextValueKind.Boolean => Number != 0 ? "true" : "false",
        _ => Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
