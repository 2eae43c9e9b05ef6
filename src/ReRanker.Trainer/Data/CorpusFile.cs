using System.Security.Cryptography;
using ReRanker.Core.Corpus;
using ReRanker.Core.Model;

namespace ReRanker.Trainer.Data;

/// <summary>
/// A corpus file read into memory with its fingerprint. Bad lines raise <see cref="CorpusFormatException"/> with the
/// line number. Records without gold (imported from traffic) are read only where the caller can use them: training
/// can, measuring cannot.
/// </summary>
internal sealed record CorpusFile(string Path, string Sha256, IReadOnlyList<LabelledExample> Examples)
{
    public static async Task<CorpusFile> ReadAsync(string path, CancellationToken cancellationToken, bool requireGold = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new TrainerInputException($"data file '{path}' does not exist");
        }

        string sha;
        await using (var hashStream = File.OpenRead(path))
        {
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(hashStream, cancellationToken).ConfigureAwait(false));
        }

        var examples = new List<LabelledExample>();
        await using var stream = File.OpenRead(path);
        try
        {
            await foreach (var example in CorpusReader.ReadAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (requireGold && example.Gold is null)
                {
                    throw new TrainerInputException(
                        $"'{path}': record '{example.Id}' has no gold; records imported from traffic with only knownWrong can be trained on but not measured");
                }

                examples.Add(example);
            }
        }
        catch (CorpusFormatException ex)
        {
            throw new TrainerInputException($"'{path}' {ex.Message}", ex);
        }

        if (examples.Count == 0)
        {
            throw new TrainerInputException($"data file '{path}' holds no examples");
        }

        return new CorpusFile(path, sha, examples);
    }
}
