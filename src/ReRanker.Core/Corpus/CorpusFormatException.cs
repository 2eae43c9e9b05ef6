namespace ReRanker.Core.Corpus;

/// <summary>A corpus line that is not a valid example, with its 1-based line number and the offending field.</summary>
public sealed class CorpusFormatException : FormatException
{
    public CorpusFormatException(long lineNumber, string field, string reason)
        : base($"line {lineNumber}: {field}: {reason}")
    {
        LineNumber = lineNumber;
        Field = field;
        Reason = reason;
    }

    public CorpusFormatException()
    {
        Field = Reason = string.Empty;
    }

    public CorpusFormatException(string message)
        : base(message)
    {
        Field = Reason = string.Empty;
    }

    public CorpusFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = Reason = string.Empty;
    }

    public long LineNumber { get; }

    public string Field { get; }

    public string Reason { get; }
}
