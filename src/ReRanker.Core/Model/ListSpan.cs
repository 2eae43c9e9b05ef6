using System.Runtime.InteropServices;

namespace ReRanker.Core.Model;

/// <summary>
/// The items of a read-only list as a span, so hot loops index memory instead of calling through the interface.
/// Arrays and List&lt;T&gt; (what the API, the corpus reader and the trainer build) need no copy; any other list is copied.
/// One overload per sealed item type: the type tests then compile to one pointer comparison each.
/// </summary>
internal static class ListSpan
{
    public static ReadOnlySpan<Hypothesis> Of(IReadOnlyList<Hypothesis> list) => list switch
    {
        Hypothesis[] array => array,
        List<Hypothesis> items => CollectionsMarshal.AsSpan(items),
        _ => list.ToArray(),
    };

    public static ReadOnlySpan<Slot> Of(IReadOnlyList<Slot> list) => list switch
    {
        Slot[] array => array,
        List<Slot> items => CollectionsMarshal.AsSpan(items),
        _ => list.ToArray(),
    };
}
