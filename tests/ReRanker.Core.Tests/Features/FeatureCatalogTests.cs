using ReRanker.Core.Features;
using ReRanker.Core.Model;

namespace ReRanker.Core.Tests.Features;

public class FeatureCatalogTests
{
    // Weight files in every registry are keyed by these names: renaming or reordering one breaks shipped files.
    private static readonly string[] PinnedNames =
    [
        "logit.domainScore",
        "logit.intentScore",
        "logit.slotScore",
        "domain.intentRank",
        "domain.intentMargin",
        "list.domainRank",
        "list.domainMargin",
        "slots.count",
        "slots.meanConfidence",
        "slots.minConfidence",
        "slots.none",
        "log.product",
        "list.productRank",
        "list.productMargin",
    ];

    [Fact]
    public void Dense_feature_names_are_pinned_in_enum_order() =>
        FeatureCatalog.HypothesisFeatureNames.Should().Equal(PinnedNames);

    [Fact]
    public void Every_enum_member_has_a_name_that_maps_back_to_it()
    {
        FeatureCatalog.HypothesisFeatureCount.Should().Be(Enum.GetValues<HypothesisFeature>().Length);
        foreach (var feature in Enum.GetValues<HypothesisFeature>())
        {
            var name = FeatureCatalog.NameOf(feature);
            FeatureCatalog.TryGetHypothesisFeature(name, out var back).Should().BeTrue();
            back.Should().Be(feature);
        }
    }

    [Fact]
    public void Base_features_are_the_three_logits() =>
        FeatureCatalog.BaseFeatures.Select(FeatureCatalog.NameOf)
            .Should().Equal("logit.domainScore", "logit.intentScore", "logit.slotScore");

    [Fact]
    public void Context_feature_names_are_key_equals_value_for_strings_and_key_alone_otherwise()
    {
        FeatureCatalog.ContextFeatureName("deviceType", ContextValue.Of("speaker")).Should().Be("context.deviceType=speaker");
        FeatureCatalog.ContextFeatureName("hasScreen", ContextValue.Of(true)).Should().Be("context.hasScreen");
        FeatureCatalog.ContextFeatureName("hour", ContextValue.Of(11)).Should().Be("context.hour");
    }

    [Theory]
    [InlineData("context.deviceType=speaker", "deviceType", "speaker")]
    [InlineData("context.hour", "hour", null)]
    [InlineData("context.a.b=x=y", "a.b", "x=y")]
    public void Context_feature_names_parse_into_key_and_optional_value(string name, string key, string? value)
    {
        FeatureCatalog.TryParseContextFeature(name, out var parsedKey, out var parsedValue).Should().BeTrue();
        parsedKey.Should().Be(key);
        parsedValue.Should().Be(value);
        FeatureCatalog.IsKnown(name).Should().BeTrue();
    }

    [Theory]
    [InlineData("logit.domainscore")] // names are case-sensitive
    [InlineData("bias")]
    [InlineData("context.")]
    [InlineData("context.=x")]
    [InlineData("context.key=")]
    [InlineData("context.key=a\nb")]
    [InlineData("context.-key")]
    [InlineData("")]
    public void Names_that_are_neither_dense_nor_well_formed_context_features_are_unknown(string name) =>
        FeatureCatalog.IsKnown(name).Should().BeFalse();
}
