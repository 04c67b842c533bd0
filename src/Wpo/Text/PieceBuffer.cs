namespace Wpo.Text;

/// <summary>
/// The pieces of one run of ordinary text while the pre-tokenizer splits and rewrites it (Hugging Face's
/// <c>PreTokenizedString</c>): their characters side by side in one reusable array, so encoding allocates nothing
/// per piece. <see cref="Piece.AtTextStart"/> marks a piece that begins at the start of the whole text, which
/// Metaspace's <c>prepend_scheme: first</c> needs.
/// </summary>
internal sealed class PieceBuffer
{
    public readonly record struct Piece(int Start, int Length, bool AtTextStart);

    char[] characters = new char[1024];
    Piece[] pieces = new Piece[64];
    int length;

    public int Count { get; private set; }

    public Piece this[int index] => pieces[index];

    public ReadOnlySpan<char> Text(int index) => characters.AsSpan(pieces[index].Start, pieces[index].Length);

    public void Clear() => (Count, length) = (0, 0);

    public void Add(ReadOnlySpan<char> text, bool atTextStart)
    {
        text.CopyTo(Reserve(text.Length));
        Commit(text.Length, atTextStart);
    }

    /// <summary>Room for a piece of at most <paramref name="maxLength"/> characters; <see cref="Commit"/> ends it.</summary>
    public Span<char> Reserve(int maxLength)
    {
        if (length + maxLength > characters.Length) Array.Resize(ref characters, Math.Max(characters.Length * 2, length + maxLength));
        return characters.AsSpan(length, maxLength);
    }

    /// <summary>Adds the first <paramref name="pieceLength"/> reserved characters as a piece (nothing when empty).</summary>
    public void Commit(int pieceLength, bool atTextStart)
    {
        if (pieceLength == 0) return;
        if (Count == pieces.Length) Array.Resize(ref pieces, pieces.Length * 2);
        pieces[Count++] = new Piece(length, pieceLength, atTextStart);
        length += pieceLength;
    }
}
