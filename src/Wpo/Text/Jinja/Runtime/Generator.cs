namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// A Python generator, as <c>map</c>, <c>select</c>, <c>reverse</c>, <c>items</c>… return: iterable once, always
/// true, without a length (so <c>| length</c> on it fails as in Jinja; templates write <c>| list | length</c>).
/// </summary>
internal sealed class Generator(IEnumerable<object?> items)
{
    IEnumerator<object?>? enumerator;

    public IEnumerable<object?> Consume()
    {
        enumerator ??= items.GetEnumerator();
        while (enumerator.MoveNext()) yield return enumerator.Current;
    }
}
