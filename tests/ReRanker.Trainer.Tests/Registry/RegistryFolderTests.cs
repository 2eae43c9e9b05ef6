using ReRanker.Core.Weights;
using ReRanker.Trainer.Registry;

namespace ReRanker.Trainer.Tests.Registry;

/// <summary>The trainer reads and writes the same registry layout the service serves from.</summary>
public sealed class RegistryFolderTests
{
    [Fact]
    public void Next_version_is_the_highest_existing_number_plus_one()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Combine("alarm"));
        File.WriteAllText(temp.Combine("alarm", "2.json"), "{}");
        File.WriteAllText(temp.Combine("alarm", "7.json"), "not even json");
        File.WriteAllText(temp.Combine("alarm", "notes.txt"), "ignored");

        RegistryFolder.NextVersion(temp.Path, "alarm").Should().Be(8, "a broken 7.json still owns its number");
        RegistryFolder.NextVersion(temp.Path, "weather").Should().Be(1);
    }

    [Fact]
    public void Served_version_skips_invalid_files_and_honours_pinned()
    {
        using var temp = new TempFolder();
        RegistryFolder.Write(temp.Path, Sample("alarm", 1, bias: 0.1));
        RegistryFolder.Write(temp.Path, Sample("alarm", 2, bias: 0.2));
        File.WriteAllText(temp.Combine("alarm", "3.json"), "{\"schemaVersion\": 1}");
        var warnings = new List<string>();

        RegistryFolder.LoadDomain(temp.Path, "alarm", warnings.Add)!.Version.Should().Be(2);
        warnings.Should().ContainSingle().Which.Should().Contain("3.json");

        File.WriteAllText(temp.Combine("alarm", RegistryFolder.PinnedFile), "1\n");
        RegistryFolder.LoadDomain(temp.Path, "alarm")!.Version.Should().Be(1);
    }

    [Fact]
    public void File_whose_domain_does_not_match_its_folder_is_not_served()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Combine("alarm"));
        File.WriteAllBytes(temp.Combine("alarm", "1.json"), WeightFileSerializer.Write(Sample("weather", 1, 0)));

        RegistryFolder.LoadDomain(temp.Path, "alarm").Should().BeNull();
    }

    [Fact]
    public void Writing_never_overwrites_an_existing_version()
    {
        using var temp = new TempFolder();
        RegistryFolder.Write(temp.Path, Sample("alarm", 1, bias: 0.1));

        var again = () => RegistryFolder.Write(temp.Path, Sample("alarm", 1, bias: 0.9));

        again.Should().Throw<IOException>().WithMessage("*already exists*");
        RegistryFolder.LoadDomain(temp.Path, "alarm")!.File.Bias.Should().Be(0.1);
        Directory.GetFiles(temp.Combine("alarm")).Should().ContainSingle("the temporary file is cleaned up");
    }

    private static WeightFile Sample(string domain, int version, double bias) => new(
        1, domain, version, bias, new Dictionary<string, double> { ["logit.domainScore"] = 1 }, DateTimeOffset.UnixEpoch,
        new TrainingInfo("combined", 0.01, 0.5, new string('a', 64), 1, 1, 0, new Dictionary<string, double>()));
}
