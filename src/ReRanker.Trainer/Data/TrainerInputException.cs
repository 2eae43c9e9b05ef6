namespace ReRanker.Trainer.Data;

/// <summary>Input the trainer cannot work with (missing file, unknown domain, ...): reported as one line, exit code 2.</summary>
public sealed class TrainerInputException : Exception
{
    public TrainerInputException()
    {
    }

    public TrainerInputException(string message)
        : base(message)
    {
    }

    public TrainerInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
