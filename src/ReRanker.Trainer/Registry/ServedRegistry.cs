using ReRanker.Registry;
using ReRanker.Trainer.Cli;
using ReRanker.Trainer.Data;

namespace ReRanker.Trainer.Registry;

/// <summary>
/// What a registry folder serves, for the trainer's commands: read through the service's own registry
/// (<see cref="RegistryFolder.ScanAsync"/>), so "served" means here exactly what it means to the service.
/// Every file the service would reject is printed as a warning.
/// </summary>
internal static class ServedRegistry
{
    public static async Task<RegistrySnapshot> ReadAsync(CliContext cli, string root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cli);
        if (!Directory.Exists(root))
        {
            throw new TrainerInputException($"registry folder '{root}' does not exist");
        }

        var snapshot = await RegistryFolder.ScanAsync(root, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!snapshot.Status.SourceReachable)
        {
            throw new TrainerInputException($"registry folder '{root}' cannot be read: {snapshot.Status.SourceError}");
        }

        foreach (var error in snapshot.Status.Domains.SelectMany(d => d.Errors))
        {
            await cli.Error.WriteLineAsync($"warning: {error.File}: {error.Reason}").ConfigureAwait(false);
        }

        return snapshot;
    }

    /// <summary>The served version of each weighted domain.</summary>
    public static IReadOnlyDictionary<string, int> Versions(RegistrySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Status.Domains.Where(d => d.ServedVersion is not null)
            .ToDictionary(d => d.Domain, d => d.ServedVersion!.Value, StringComparer.Ordinal);
    }
}
