using System.Diagnostics;
using ReRanker.Trainer.Tests.Cli;

namespace ReRanker.Trainer.Tests.Training;

/// <summary>
/// Domains ship on their own schedules, so a domain's file may depend only on the data, the settings and the
/// registry held fixed: never on which other domains were trained, in which order, or in which process.
/// </summary>
public sealed class ReproducibilityTests
{
    [Fact]
    public async Task Same_data_and_seed_give_byte_identical_files()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 150);

        (await CliRun.TrainAsync(data, temp.Combine("a"), "--all", "--seed", "4")).ExitCode.Should().Be(0);
        (await CliRun.TrainAsync(data, temp.Combine("b"), "--all", "--seed", "4")).ExitCode.Should().Be(0);

        Snapshot(temp.Combine("a")).Should().Equal(Snapshot(temp.Combine("b")));
    }

    [Fact]
    public async Task Training_one_domain_leaves_every_other_domain_file_byte_identical()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 150);
        var registry = temp.Combine("registry");
        (await CliRun.TrainAsync(data, registry, "--all")).ExitCode.Should().Be(0);
        var before = Snapshot(registry);

        var result = await CliRun.TrainAsync(data, registry, "--domain", "calendar", "--registry", registry, "--l2", "0.05");

        result.ExitCode.Should().Be(0, result.All);
        var after = Snapshot(registry);
        after.Keys.Except(before.Keys).Should().Equal(Path.Combine("calendar", "2.json"));
        foreach (var (file, bytes) in before)
        {
            after[file].Should().Be(bytes, $"{file} must not change");
        }
    }

    [Fact]
    public async Task Domains_trained_one_by_one_match_training_all_at_once()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 150);
        (await CliRun.TrainAsync(data, temp.Combine("all"), "--all")).ExitCode.Should().Be(0);

        foreach (var domain in new[] { "takeaway", "alarm", "calendar" })
        {
            (await CliRun.TrainAsync(data, temp.Combine("each"), "--domain", domain)).ExitCode.Should().Be(0);
        }

        var all = Snapshot(temp.Combine("all"));
        foreach (var (file, bytes) in Snapshot(temp.Combine("each")))
        {
            all[file].Should().Be(bytes, $"{file} must not depend on the other domains trained with it");
        }
    }

    [Fact]
    public async Task Domains_trained_in_parallel_processes_match_training_all_at_once()
    {
        using var temp = new TempFolder();
        var data = TestCorpus.WriteSlice(temp.Path, 150);
        (await CliRun.TrainAsync(data, temp.Combine("all"), "--all")).ExitCode.Should().Be(0);

        // Two real processes of the trainer at the same time, writing into one registry folder.
        var processes = new[] { "alarm", "calendar" }.Select(domain => StartTrainer(data, temp.Combine("parallel"), domain)).ToArray();
        foreach (var process in processes)
        {
            using (process)
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
                process.ExitCode.Should().Be(0, await process.StandardError.ReadToEndAsync());
            }
        }

        var all = Snapshot(temp.Combine("all"));
        var parallel = Snapshot(temp.Combine("parallel"));
        parallel.Should().HaveCount(2);
        foreach (var (file, bytes) in parallel)
        {
            all[file].Should().Be(bytes, $"{file} must be the same whichever process wrote it");
        }
    }

    private static Process StartTrainer(string data, string output, string domain)
    {
        var trainer = Path.Combine(AppContext.BaseDirectory, "reranker-train.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { trainer, "train", "--data", data, "--loss", "combined", "--out", output, "--domain", domain, "--created-at", CliRun.FixedCreatedAt })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the trainer");
    }

    /// <summary>Relative path → exact content (as Latin-1, one char per byte, so any byte difference shows) of every file under a folder.</summary>
    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f)));
}
