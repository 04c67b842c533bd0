namespace Wpo.Text;

/// <summary>
/// A run of the text being encoded: either an added-token match (<see cref="Token"/> set; the run may include the
/// whitespace its lstrip/rstrip flags swallowed) or ordinary text for the normalizer, pre-tokenizer and model.
/// </summary>
internal readonly record struct TextSegment(int Start, int Length, AddedToken? Token)
{
    public int End => Start + Length;
}
