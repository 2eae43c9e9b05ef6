using System.CommandLine;
using System.Globalization;
using ReRanker.Trainer.Data;
using ReRanker.Trainer.Privacy;

namespace ReRanker.Trainer.Cli;

/// <summary><c>privacy</c>: the ε ledger of a registry folder, per domain, over the versions trained on overlapping data.</summary>
internal static class PrivacyCommand
{
    public static Command Create(CliContext cli)
    {
        var registry = new Option<string>("--registry") { Description = "The registry folder (<domain>/<version>.json).", Required = true };
        var command = new Command("privacy", "Per domain, the ε spent on each training data file (same training.dataSha256 = overlapping data): the sum over its versions, ∞ when one was not private.")
        {
            registry,
        };
        command.SetAction((parse, cancellationToken) => cli.RunAsync(async () =>
        {
            var root = parse.GetValue(registry)!;
            if (!Directory.Exists(root))
            {
                throw new TrainerInputException($"registry folder '{root}' does not exist");
            }

            var ledger = PrivacyLedger.Read(root);
            foreach (var skipped in ledger.Skipped)
            {
                await cli.Error.WriteLineAsync($"warning: {skipped} (not counted)").ConfigureAwait(false);
            }

            var totals = ledger.ByDomain().ToDictionary(d => d.Domain, d => d.Epsilon, StringComparer.Ordinal);
            foreach (var group in ledger.ByDomainAndData())
            {
                var versions = string.Join(", ", group.Versions.Select(v => $"v{v.Version} {Epsilon(v.Epsilon)}"));
                await cli.Out.WriteLineAsync($"{group.Domain} data {group.DataSha256[..Math.Min(12, group.DataSha256.Length)]}: ε {Epsilon(group.Epsilon)} ({versions})").ConfigureAwait(false);
            }

            foreach (var (domain, epsilon) in totals)
            {
                await cli.Out.WriteLineAsync($"{domain} total over every version (if all its data overlapped): ε {Epsilon(epsilon)}").ConfigureAwait(false);
            }

            foreach (var (data, count, epsilon) in ledger.ByData())
            {
                await cli.Out.WriteLineAsync($"all domains, data {data[..Math.Min(12, data.Length)]}: ε {Epsilon(epsilon)} over {count} version(s) (an utterance trains every domain it has a hypothesis of)").ConfigureAwait(false);
            }

            return CliContext.Ok;
        }));
        return command;
    }

    private static string Epsilon(double epsilon) => double.IsPositiveInfinity(epsilon) ? "∞" : epsilon.ToString("0.###", CultureInfo.InvariantCulture);
}
