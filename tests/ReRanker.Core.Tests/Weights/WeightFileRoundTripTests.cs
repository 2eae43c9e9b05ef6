using System.Text;
using ReRanker.Core.Tests.Support;
using ReRanker.Core.Weights;
using static ReRanker.Core.Tests.Support.Build;

namespace ReRanker.Core.Tests.Weights;

public class WeightFileRoundTripTests
{
    private static readonly WeightFile Sample = File("music", bias: -0.125, version: 7,
        ("logit.domainScore", 0.1), ("logit.intentScore", 1.0 / 3), ("slots.none", -1e-300), ("list.domainMargin", 1e6),
        ("context.deviceType=speaker", 123456.789), ("context.hour", -0.02));

    [Fact]
    public void The_sample_file_reads_with_every_field()
    {
        var result = WeightFileSerializer.Read(WeightJson.Bytes(WeightJson.Valid()));

        result.Errors.Should().BeEmpty();
        result.IsValid.Should().BeTrue();
        var file = result.File!;
        file.Should().BeEquivalentTo(new
        {
            SchemaVersion = 1, Domain = "music", Version = 2, Bias = -0.5,
            CreatedAt = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero),
        });
        file.Weights.Should().HaveCount(4).And.Contain("context.deviceType=speaker", 0.3);
        file.Training.Should().BeEquivalentTo(new TrainingInfo("combined", 0.01, 0.5, WeightJson.Sha256, 1373, 2400, 137,
            new Dictionary<string, double> { ["semer"] = 0.47, ["eceAll"] = 0.018 }, "1.0.0", 42));
    }

    [Fact]
    public void Write_then_read_gives_an_equal_file()
    {
        var back = WeightFileSerializer.Read(WeightFileSerializer.Write(Sample));

        back.Errors.Should().BeEmpty();
        back.File.Should().BeEquivalentTo(Sample);
        back.File!.Weights["logit.intentScore"].Should().Be(1.0 / 3, "doubles must round-trip bit for bit");
    }

    [Fact]
    public void Optional_training_fields_round_trip_when_absent()
    {
        var file = Sample with { Training = Sample.Training with { CeWeight = null, TrainerVersion = null, Seed = null } };

        var bytes = WeightFileSerializer.Write(file);

        Encoding.UTF8.GetString(bytes).Should().NotContain("ceWeight").And.NotContain("trainerVersion").And.NotContain("seed");
        WeightFileSerializer.Read(bytes).File.Should().BeEquivalentTo(file);
    }

    [Fact]
    public void Writing_is_byte_identical_whatever_the_dictionary_insertion_order()
    {
        var reversed = Sample with
        {
            Weights = Sample.Weights.Reverse().ToDictionary(),
            Training = Sample.Training with { Metrics = new Dictionary<string, double> { ["semer"] = 0.47, ["eceAll"] = 0.018 }.Reverse().ToDictionary() },
        };
        var forward = Sample with
        {
            Training = Sample.Training with { Metrics = new Dictionary<string, double> { ["semer"] = 0.47, ["eceAll"] = 0.018 } },
        };

        WeightFileSerializer.Write(reversed).Should().Equal(WeightFileSerializer.Write(forward));
    }

    [Fact]
    public void Rewriting_a_read_file_reproduces_its_bytes()
    {
        var bytes = WeightFileSerializer.Write(Sample);

        WeightFileSerializer.Write(WeightFileSerializer.Read(bytes).File!).Should().Equal(bytes);
    }

    [Fact]
    public void Written_weights_are_sorted_by_ordinal_name_and_the_file_ends_with_a_newline()
    {
        var text = Encoding.UTF8.GetString(WeightFileSerializer.Write(Sample));

        var names = Sample.Weights.Keys.Order(StringComparer.Ordinal).ToList();
        names.Select(n => text.IndexOf($"\"{n}\"", StringComparison.Ordinal)).Should().BeInAscendingOrder();
        text.Should().StartWith("{\n  \"schemaVersion\": 1,\n  \"domain\": \"music\",\n  \"version\": 7,").And.EndWith("}\n");
    }

    [Fact]
    public void Created_at_is_written_in_utc_and_reads_back_as_the_same_instant()
    {
        var local = Sample with { CreatedAt = new DateTimeOffset(2026, 11, 21, 12, 30, 15, 123, TimeSpan.FromHours(2)) };

        var bytes = WeightFileSerializer.Write(local);

        Encoding.UTF8.GetString(bytes).Should().Contain("\"createdAt\": \"2026-11-21T10:30:15.123Z\"");
        WeightFileSerializer.Read(bytes).File!.CreatedAt.Should().Be(local.CreatedAt);
    }

    [Fact]
    public void A_whole_second_created_at_is_written_without_a_fraction() =>
        Encoding.UTF8.GetString(WeightFileSerializer.Write(Sample)).Should().Contain("\"createdAt\": \"2026-11-21T10:00:00Z\"");

    [Fact]
    public void Unknown_extra_fields_are_ignored_for_forward_compatibility()
    {
        var root = WeightJson.Valid();
        root["notes"] = "trained on the new split";

        WeightFileSerializer.Read(WeightJson.Bytes(root)).IsValid.Should().BeTrue();
    }

    [Fact]
    public void A_file_exactly_at_the_size_limit_is_read()
    {
        var root = WeightJson.Valid();
        root["padding"] = string.Empty;
        var padding = WeightFile.MaxBytes - WeightJson.Bytes(root).Length;
        root["padding"] = new string('x', padding);

        var bytes = WeightJson.Bytes(root);

        bytes.Length.Should().Be(WeightFile.MaxBytes);
        WeightFileSerializer.Read(bytes).IsValid.Should().BeTrue();
    }

    [Fact]
    public void An_empty_weights_object_is_a_valid_file()
    {
        var root = WeightJson.Valid();
        root["weights"] = new System.Text.Json.Nodes.JsonObject();

        WeightFileSerializer.Read(WeightJson.Bytes(root)).File!.Weights.Should().BeEmpty();
    }

    [Fact]
    public void Writing_a_non_finite_weight_throws_instead_of_producing_an_unreadable_file()
    {
        var act = () => WeightFileSerializer.Write(File("music", weights: [("logit.domainScore", double.NaN)]));

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_file_starting_with_a_utf8_byte_order_mark_is_read()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. WeightFileSerializer.Write(Sample)];

        WeightFileSerializer.Read(bytes).File.Should().BeEquivalentTo(Sample);
    }
}
