using ReRanker.Core.Weights;

namespace ReRanker.Registry.Tests;

/// <summary>The registry folder as other programs (the trainer) use it: numbered, written and read by the service's own rules.</summary>
public sealed class RegistryFolderTests : IDisposable
{
    private readonly TempRegistry _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Next_version_is_the_highest_version_number_in_use_plus_one_valid_file_or_not()
    {
        _dir.WriteBytes("alarm", "2.json", "{}"u8.ToArray());
        _dir.WriteBytes("alarm", "7.json", "not even json"u8.ToArray());
        _dir.WriteBytes("alarm", "notes.txt", "ignored"u8.ToArray());
        _dir.WriteBytes("alarm", "0099.json", "not a version name"u8.ToArray());

        RegistryFolder.NextVersion(Path.Combine(_dir.Root, "alarm")).Should().Be(8, "a broken 7.json still owns its number");
        RegistryFolder.NextVersion(Path.Combine(_dir.Root, "weather")).Should().Be(1);
    }

    [Fact]
    public void No_number_is_left_after_the_highest_version_number()
    {
        _dir.WriteBytes("alarm", $"{RegistryLayout.MaxVersion}.json", "{}"u8.ToArray());

        RegistryFolder.NextVersion(Path.Combine(_dir.Root, "alarm")).Should().BeNull();
    }

    [Fact]
    public async Task A_scan_serves_what_the_service_serves_skipping_invalid_files_and_honouring_PINNED()
    {
        _dir.Write("alarm", 1, bias: 0.1);
        _dir.Write("alarm", 2, bias: 0.2);
        _dir.WriteBytes("alarm", "3.json", "{\"schemaVersion\": 1}"u8.ToArray());
        _dir.WriteBytes("weather", "1.json", TempRegistry.Bytes("music", 1)); // its domain does not match its folder

        var snapshot = await RegistryFolder.ScanAsync(_dir.Root);

        snapshot.Weights.TryGet("alarm", out var alarm).Should().BeTrue();
        alarm!.Version.Should().Be(2);
        snapshot.Weights.TryGet("weather", out _).Should().BeFalse();
        snapshot.Status.Domains.Single(d => d.Domain == "alarm").Errors.Should().ContainSingle().Which.File.Should().EndWith("3.json");

        _dir.Pin("alarm", "1\n");
        (await RegistryFolder.ScanAsync(_dir.Root)).Weights.TryGet("alarm", out var pinned).Should().BeTrue();
        pinned!.Version.Should().Be(1);
    }

    [Fact]
    public async Task Writing_never_overwrites_an_existing_version_and_leaves_no_temporary_file()
    {
        await RegistryFolder.WriteAsync(_dir.Root, TempRegistry.WeightFileFor("alarm", 1, bias: 0.1));

        var again = () => RegistryFolder.WriteAsync(_dir.Root, TempRegistry.WeightFileFor("alarm", 1, bias: 0.9));

        await again.Should().ThrowAsync<IOException>().WithMessage("*already exists*");
        WeightFileSerializer.Read(File.ReadAllBytes(_dir.PathOf("alarm", 1))).File!.Bias.Should().Be(0.1);
        Directory.GetFiles(Path.Combine(_dir.Root, "alarm")).Should().ContainSingle("the temporary file is cleaned up");
    }
}
