namespace Wpo.Text;

/// <summary>
/// Text to ids, in Hugging Face tokenizers' order: added tokens are split out of the raw text first (those with
/// <c>normalized: false</c>), each run of ordinary text between them is normalized, searched for the normalized
/// added tokens, pre-tokenized into pieces, and each piece is merged by the BPE model.
/// <para>
/// For a <c>LlamaTokenizer</c> whose config says <c>legacy: false</c> (Mistral), the text is encoded the way
/// transformers' slow Llama tokenizer and transformers.js do, which the goldens follow: <c>▁</c> in the text counts
/// as a space, one <c>▁</c> is put in front of the whole text (so a text that starts with a space gets two) and
/// none after an added token, and a lone leading <c>▁</c> token before a special token is dropped.
/// </para>
/// </summary>
internal sealed class EncodingPipeline(
    AddedTokenMatcher rawTokens,
    AddedTokenMatcher normalizedTokens,
    TextNormalizer? normalizer,
    TextPreTokenizer? preTokenizer,
    BpeModel model,
    EncodingPipeline.SlowLlamaPrefix? slowLlamaPrefix)
{
    /// <summary>The Llama rule above: the metaspace character, its token id, and the ids counted as special.</summary>
    internal sealed record SlowLlamaPrefix(char Metaspace, int MetaspaceId, IReadOnlySet<int> SpecialIds);

    sealed class Scratch
    {
        public readonly List<TextSegment> Segments = [];
        public readonly List<TextSegment> NormalizedSegments = [];
        public readonly PieceBuffer Pieces = new();
        public readonly PieceBuffer Spare = new();
    }

    [ThreadStatic] static Scratch? scratch;

    /// <summary>Appends the ids of <paramref name="text"/>; special tokens do not match inside <paramref name="protectedSpans"/> (sorted, disjoint).</summary>
    public void Encode(string text, ReadOnlySpan<(int Start, int Length)> protectedSpans, List<int> ids)
    {
        if (text.Length == 0) return;
        Scratch buffers = scratch ??= new Scratch();
        int first = ids.Count;
        (int Start, int Length)[]? shifted = null;
        if (slowLlamaPrefix is not null)
        {
            text = slowLlamaPrefix.Metaspace + text.Replace(slowLlamaPrefix.Metaspace, ' ');
            shifted = [.. protectedSpans.ToArray().Select(s => (s.Start + 1, s.Length))];
            protectedSpans = shifted;
        }

        List<TextSegment> segments = buffers.Segments;
        segments.Clear();
        rawTokens.Split(text, 0, protectedSpans, segments);
        int protectedIndex = 0;
        foreach (TextSegment segment in segments)
        {
            if (segment.Token is not null) ids.Add(segment.Token.Id);
            else EncodeOrdinary(text, segment, AddedTokenMatcher.Overlaps(protectedSpans, ref protectedIndex, segment.Start, segment.End), buffers, ids);
        }

        if (slowLlamaPrefix is not null && ids.Count - first > 1 && ids[first] == slowLlamaPrefix.MetaspaceId
            && slowLlamaPrefix.SpecialIds.Contains(ids[first + 1]))
            ids.RemoveAt(first);
    }

    void EncodeOrdinary(string text, TextSegment segment, bool isProtected, Scratch buffers, List<int> ids)
    {
        bool atTextStart = segment.Start == 0;
        if (normalizer is null && normalizedTokens.IsEmpty)
        {
            EncodeRun(text.AsSpan(segment.Start, segment.Length), atTextStart, buffers, ids);
            return;
        }
        string normalized = text.Substring(segment.Start, segment.Length);
        if (normalizer is not null) normalized = normalizer.Normalize(normalized);
        List<TextSegment> parts = buffers.NormalizedSegments;
        parts.Clear();
        // Offsets inside normalized text no longer line up with the protected spans: protect the whole run if it touches one.
        ReadOnlySpan<(int, int)> protection = isProtected ? [(0, normalized.Length)] : [];
        normalizedTokens.Split(normalized, 0, protection, parts);
        foreach (TextSegment part in parts)
        {
            if (part.Token is not null) ids.Add(part.Token.Id);
            else EncodeRun(normalized.AsSpan(part.Start, part.Length), atTextStart && part.Start == 0, buffers, ids);
        }
    }

    void EncodeRun(ReadOnlySpan<char> run, bool atTextStart, Scratch buffers, List<int> ids)
    {
        if (run.IsEmpty) return;
        PieceBuffer pieces = buffers.Pieces;
        pieces.Clear();
        pieces.Add(run, atTextStart);
        if (preTokenizer is not null) pieces = preTokenizer.PreTokenize(pieces, buffers.Spare);
        for (int i = 0; i < pieces.Count; i++) model.Encode(pieces.Text(i), ids);
    }
}
