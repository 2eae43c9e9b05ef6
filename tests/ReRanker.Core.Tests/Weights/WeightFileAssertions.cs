using ReRanker.Core.Weights;

namespace ReRanker.Core.Tests.Weights;

internal static class WeightFileAssertions
{
    /// <summary>Reads the bytes, asserts they are rejected, and returns the errors for the named field.</summary>
    public static IReadOnlyList<WeightFileError> RejectedFor(byte[] bytes, string field)
    {
        var result = WeightFileSerializer.Read(bytes);

        result.IsValid.Should().BeFalse();
        result.File.Should().BeNull();
        result.Errors.Should().Contain(e => e.Field == field, "the error must name {0}; got: {1}", field, result.Describe());
        return result.Errors.Where(e => e.Field == field).ToList();
    }
}
