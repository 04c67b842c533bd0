using System.Text.RegularExpressions;

namespace Wpo.Text;

/// <summary>What a Split pre-tokenizer does with the delimiters it finds (Hugging Face's <c>SplitDelimiterBehavior</c>).</summary>
internal enum SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous }

/// <summary>
/// Splitting a piece on a pattern, with Hugging Face tokenizers' delimiter behaviours: the text is cut into
/// alternating runs of matches (delimiters) and gaps, then the behaviour decides which runs become pieces.
/// </summary>
internal static class SplitBehaviors
{
    public static SplitBehavior Parse(string behavior, string file) => behavior switch
    {
        "Removed" => SplitBehavior.Removed,
        "Isolated" => SplitBehavior.Isolated,
        "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
        "MergedWithNext" => SplitBehavior.MergedWithNext,
        "Contiguous" => SplitBehavior.Contiguous,
        _ => throw TokenizerJson.Unsupported("Split behavior", behavior, file, "Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous"),
    };

    /// <summary>Appends the pieces of <paramref name="text"/> to <paramref name="output"/>.</summary>
    public static void Split(ReadOnlySpan<char> text, bool atTextStart, Regex pattern, SplitBehavior behavior, bool invert, PieceBuffer output)
    {
        var pieces = new PieceWriter(text, atTextStart, behavior, output);
        int end = 0;
        foreach ((int start, int stop) in new CodePointMatches(pattern, text))
        {
            if (start > end) pieces.Run(end, start, isDelimiter: invert);
            pieces.Run(start, stop, isDelimiter: !invert);
            end = stop;
        }
        if (end < text.Length) pieces.Run(end, text.Length, isDelimiter: invert);
        pieces.Finish();
    }

    /// <summary>Turns runs into pieces, holding back the last one while a following run may still join it.</summary>
    ref struct PieceWriter(ReadOnlySpan<char> text, bool atTextStart, SplitBehavior behavior, PieceBuffer output)
    {
        readonly ReadOnlySpan<char> text = text;
        int pendingStart, pendingEnd;
        bool pending, pendingIsDelimiter, previousWasDelimiter;

        public void Run(int start, int end, bool isDelimiter)
        {
            switch (behavior)
            {
                case SplitBehavior.Removed:
                    if (!isDelimiter) Emit(start, end);
                    break;
                case SplitBehavior.Isolated:
                    Emit(start, end);
                    break;
                case SplitBehavior.MergedWithPrevious:
                    if (isDelimiter && !previousWasDelimiter && pending) pendingEnd = end;
                    else Hold(start, end, isDelimiter);
                    break;
                case SplitBehavior.MergedWithNext:
                    if (!isDelimiter && pending && pendingIsDelimiter) pendingEnd = end;
                    else Hold(start, end, isDelimiter);
                    break;
                case SplitBehavior.Contiguous:
                    if (isDelimiter && previousWasDelimiter && pending) pendingEnd = end;
                    else Hold(start, end, isDelimiter);
                    break;
            }
            previousWasDelimiter = isDelimiter;
        }

        public void Finish()
        {
            if (pending) Emit(pendingStart, pendingEnd);
            pending = false;
        }

        void Hold(int start, int end, bool isDelimiter)
        {
            Finish();
            (pending, pendingStart, pendingEnd, pendingIsDelimiter) = (true, start, end, isDelimiter);
        }

        readonly void Emit(int start, int end) => output.Add(text[start..end], atTextStart && start == 0);
    }
}
