namespace ReRanker.Core.Weights;

/// <summary>Either a valid weight file or the reasons it is not one.</summary>
public sealed class WeightFileReadResult
{
    private WeightFileReadResult(WeightFile? file, IReadOnlyList<WeightFileError> errors)
    {
        File = file;
        Errors = errors;
    }

    public WeightFile? File { get; }

    public IReadOnlyList<WeightFileError> Errors { get; }

    public bool IsValid => File is not null;

    public static WeightFileReadResult Valid(WeightFile file) => new(file, []);

    public static WeightFileReadResult Invalid(IReadOnlyList<WeightFileError> errors) => new(null, errors);

    public static WeightFileReadResult Invalid(string field, string message) => new(null, [new WeightFileError(field, message)]);

    /// <summary>All reasons on one line, for logs and status.</summary>
    public string Describe() => string.Join("; ", Errors);
}
