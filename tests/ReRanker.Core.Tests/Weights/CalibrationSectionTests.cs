using System.Text;
using System.Text.Json.Nodes;
using ReRanker.Core.Tests.Support;
using ReRanker.Core.Weights;
using static ReRanker.Core.Tests.Support.Build;

namespace ReRanker.Core.Tests.Weights;

/// <summary>Schema v2's optional calibration section: round trip, v1 compatibility and every rejection named by field.</summary>
public class CalibrationSectionTests
{
    private static readonly ScoreCalibration Isotonic = new([new(-3, -1, 0.05), new(-0.5, 0.5, 0.4), new(1, 4, 0.9)]);

    [Fact]
    public void A_v2_file_with_calibration_round_trips_byte_for_byte()
    {
        var file = File("music", bias: -0.5, weights: [("logit.domainScore", 1.2)]) with { SchemaVersion = 2, Calibration = Isotonic };

        var bytes = WeightFileSerializer.Write(file);
        var back = WeightFileSerializer.Read(bytes);

        back.Errors.Should().BeEmpty();
        back.File!.SchemaVersion.Should().Be(2);
        back.File.Calibration!.Bins.Should().Equal(Isotonic.Bins);
        WeightFileSerializer.Write(back.File).Should().Equal(bytes);
        Encoding.UTF8.GetString(bytes).Should().EndWith("  \"calibration\": {\n    \"method\": \"isotonic\",\n    \"bins\": [\n      {\n        \"scoreMin\": -3,\n        \"scoreMax\": -1,\n        \"probability\": 0.05\n      },\n" +
            "      {\n        \"scoreMin\": -0.5,\n        \"scoreMax\": 0.5,\n        \"probability\": 0.4\n      },\n      {\n        \"scoreMin\": 1,\n        \"scoreMax\": 4,\n        \"probability\": 0.9\n      }\n    ]\n  }\n}\n");
    }

    [Fact]
    public void A_v1_file_still_loads_and_a_v2_file_may_leave_calibration_out()
    {
        WeightFileSerializer.Read(WeightJson.Bytes(WeightJson.Valid())).File!.Calibration.Should().BeNull();

        var v2 = WeightFileSerializer.Read(WeightJson.With("schemaVersion", 2));

        v2.Errors.Should().BeEmpty();
        v2.File!.Calibration.Should().BeNull();
    }

    [Fact]
    public void A_v1_file_with_a_calibration_section_is_rejected_rather_than_served_uncalibrated() =>
        Errors(V1(Section(Bins((-1, 1, 0.5))))).Should().ContainSingle().Which.Field.Should().Be("calibration");

    [Theory]
    [InlineData("\"isotonic\"", "x", "must be an object")]
    [InlineData("{\"bins\": []}", "calibration.method", "is required")]
    [InlineData("{\"method\": \"platt\", \"bins\": [{\"scoreMin\": 0, \"scoreMax\": 1, \"probability\": 0.5}]}", "calibration.method", "must be isotonic")]
    [InlineData("{\"method\": 3, \"bins\": [{\"scoreMin\": 0, \"scoreMax\": 1, \"probability\": 0.5}]}", "calibration.method", "must be a string")]
    [InlineData("{\"method\": \"isotonic\"}", "calibration.bins", "is required")]
    [InlineData("{\"method\": \"isotonic\", \"bins\": {}}", "calibration.bins", "must be an array")]
    [InlineData("{\"method\": \"isotonic\", \"bins\": []}", "calibration.bins", "1 to 1024")]
    [InlineData("{\"method\": \"isotonic\", \"bins\": [3]}", "calibration.bins[0]", "must be an object")]
    [InlineData("{\"method\": \"isotonic\", \"bins\": [{\"scoreMax\": 1, \"probability\": 0.5}]}", "calibration.bins[0].scoreMin", "is required")]
    [InlineData("{\"method\": \"isotonic\", \"bins\": [{\"scoreMin\": \"NaN\", \"scoreMax\": 1, \"probability\": 0.5}]}", "calibration.bins[0].scoreMin", "finite")]
    [InlineData("{\"method\": \"isotonic\", \"bins\": [{\"scoreMin\": 0, \"scoreMax\": 1e7, \"probability\": 0.5}]}", "calibration.bins[0].scoreMax", "exceeds")]
    [InlineData("{\"method\": \"isotonic\", \"bins\": [{\"scoreMin\": 0, \"scoreMax\": 1, \"probability\": 1.5}]}", "calibration.bins[0].probability", "[0, 1]")]
    [InlineData("{\"method\": \"isotonic\", \"bins\": [{\"scoreMin\": 2, \"scoreMax\": 1, \"probability\": 0.5}]}", "calibration.bins[0]", "must not exceed")]
    [InlineData("{\"method\": \"isotonic\", \"bins\": [{\"scoreMin\": 0, \"scoreMax\": 1, \"probability\": 0.5}, {\"scoreMin\": 1, \"scoreMax\": 2, \"probability\": 0.6}]}", "calibration.bins[1]", "increasing score order")]
    [InlineData("{\"method\": \"isotonic\", \"bins\": [{\"scoreMin\": 0, \"scoreMax\": 1, \"probability\": 0.5}, {\"scoreMin\": 2, \"scoreMax\": 3, \"probability\": 0.4}]}", "calibration.bins[1]", "must not decrease")]
    public void A_bad_calibration_section_is_rejected_naming_its_field(string section, string field, string message)
    {
        var errors = Errors(V2(JsonNode.Parse(section)));

        var expectedField = field == "x" ? "calibration" : field;
        errors.Should().ContainSingle(e => e.Field == expectedField).Which.Message.Should().Contain(message);
    }

    [Fact]
    public void A_method_that_is_not_text_is_rejected_not_thrown()
    {
        var root = WeightJson.Valid();
        root["schemaVersion"] = 2;
        var json = root.ToJsonString();
        var raw = json[..json.LastIndexOf('}')] + ",\"calibration\": {\"method\": \"\\ud800\", \"bins\": [{\"scoreMin\": 0, \"scoreMax\": 1, \"probability\": 0.5}]}}";

        Errors(Encoding.UTF8.GetBytes(raw)).Should().ContainSingle().Which.Should().Be(new WeightFileError("calibration.method", ReRanker.Core.Text.JsonText.NotTextMessage));
    }

    [Fact]
    public void Every_bad_bin_is_reported_not_only_the_first()
    {
        var errors = Errors(V2(Section(Bins((0, 1, 2), (3, 2, 0.5), (4, 5, -1)))));

        errors.Select(e => e.Field).Should().Equal("calibration.bins[0].probability", "calibration.bins[1]", "calibration.bins[2].probability");
    }

    [Fact]
    public void More_than_1024_bins_are_rejected()
    {
        var bins = Enumerable.Range(0, ScoreCalibration.MaxBins + 1).Select(i => (i * 2.0, (i * 2.0) + 1, 0.5)).ToArray();

        Errors(V2(Section(Bins(bins)))).Should().ContainSingle().Which.Field.Should().Be("calibration.bins");
    }

    [Theory]
    [InlineData(-10, 0.05)]
    [InlineData(-3, 0.05)]
    [InlineData(-2, 0.05)]
    [InlineData(-0.75, 0.225)]
    [InlineData(0, 0.4)]
    [InlineData(0.75, 0.65)]
    [InlineData(4, 0.9)]
    [InlineData(100, 0.9)]
    public void The_isotonic_map_is_flat_in_a_bin_linear_between_bins_and_constant_beyond_the_ends(double score, double probability) =>
        Isotonic.Probability(score).Should().BeApproximately(probability, 1e-12);

    private static IReadOnlyList<WeightFileError> Errors(byte[] json) => WeightFileSerializer.Read(json).Errors;

    private static byte[] V1(JsonNode? section) => WeightJson.With("calibration", section);

    private static byte[] V2(JsonNode? section)
    {
        var root = WeightJson.Valid();
        root["schemaVersion"] = 2;
        root["calibration"] = section;
        return WeightJson.Bytes(root);
    }

    private static JsonObject Section(JsonArray bins) => new() { ["method"] = "isotonic", ["bins"] = bins };

    private static JsonArray Bins(params (double Min, double Max, double Probability)[] bins) =>
        [.. bins.Select(b => (JsonNode)new JsonObject { ["scoreMin"] = b.Min, ["scoreMax"] = b.Max, ["probability"] = b.Probability })];
}
