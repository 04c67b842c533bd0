using System.Text.Json;
using System.Text.RegularExpressions;

namespace Wpo.Text;

/// <summary>
/// tokenizer.json's <c>pre_tokenizer</c>: splits a run of normalized text into the pieces the BPE model merges
/// within, and rewrites them into the model's alphabet (bytes for ByteLevel, <c>▁</c> for spaces for Metaspace).
/// Without a pre-tokenizer the whole run is one piece, as in Hugging Face tokenizers.
/// </summary>
internal abstract class TextPreTokenizer
{
    /// <summary>Transforms the pieces in <paramref name="input"/>; returns whichever buffer holds the result.</summary>
    public abstract PieceBuffer PreTokenize(PieceBuffer input, PieceBuffer spare);

    /// <summary>The pre-tokenizer described by <paramref name="json"/> (null or absent: none).</summary>
    public static TextPreTokenizer? FromJson(JsonElement json, string file)
    {
        if (json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        string kind = TokenizerJson.Kind(json, "pre_tokenizer", file);
        return kind switch
        {
            "Sequence" => new SequencePreTokenizer([.. TokenizerJson.Array(json, "pretokenizers", file)
                .Select(step => FromJson(step, file) ?? throw new WpoException($"{file}: a null step in a Sequence pre_tokenizer."))]),
            "Split" => new SplitPreTokenizer(
                TokenizerJson.Pattern(json, file),
                SplitBehaviors.Parse(TokenizerJson.String(json, "behavior", file), file),
                TokenizerJson.Bool(json, "invert", file, defaultValue: false)),
            "ByteLevel" => new ByteLevelPreTokenizer(
                TokenizerJson.Bool(json, "add_prefix_space", file, defaultValue: true),
                TokenizerJson.Bool(json, "use_regex", file, defaultValue: true)),
            "Metaspace" => MetaspacePreTokenizer.Read(json, file),
            _ => throw TokenizerJson.Unsupported("pre_tokenizer", kind, file, "Sequence, Split, ByteLevel, Metaspace"),
        };
    }

    sealed class SequencePreTokenizer(TextPreTokenizer[] steps) : TextPreTokenizer
    {
        public override PieceBuffer PreTokenize(PieceBuffer input, PieceBuffer spare)
        {
            foreach (TextPreTokenizer step in steps)
                if (step.PreTokenize(input, spare) == spare) (input, spare) = (spare, input);
            return input;
        }
    }

    sealed class SplitPreTokenizer(Regex pattern, SplitBehavior behavior, bool invert) : TextPreTokenizer
    {
        public override PieceBuffer PreTokenize(PieceBuffer input, PieceBuffer spare)
        {
            spare.Clear();
            for (int i = 0; i < input.Count; i++) SplitBehaviors.Split(input.Text(i), input[i].AtTextStart, pattern, behavior, invert, spare);
            return spare;
        }
    }

    /// <summary>GPT-2's pre-tokenizer: optional leading space, optional GPT-2 regex split (isolated), then the byte alphabet.</summary>
    sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : TextPreTokenizer
    {
        static readonly Regex Gpt2Pattern = new(
            @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+",
            RegexOptions.Compiled | RegexOptions.CultureInvariant);

        public override PieceBuffer PreTokenize(PieceBuffer input, PieceBuffer spare)
        {
            spare.Clear();
            for (int i = 0; i < input.Count; i++)
            {
                ReadOnlySpan<char> piece = input.Text(i);
                bool atTextStart = input[i].AtTextStart;
                if (addPrefixSpace && piece[0] != ' ') piece = string.Concat(" ", piece);
                if (!useRegex)
                {
                    AppendEncoded(piece, atTextStart, spare);
                    continue;
                }
                int end = 0;
                foreach ((int start, int stop) in new CodePointMatches(Gpt2Pattern, piece))
                {
                    AppendEncoded(piece[end..start], atTextStart && end == 0, spare);
                    AppendEncoded(piece[start..stop], atTextStart && start == 0, spare);
                    end = stop;
                }
                AppendEncoded(piece[end..], atTextStart && end == 0, spare);
            }
            return spare;
        }

        static void AppendEncoded(ReadOnlySpan<char> piece, bool atTextStart, PieceBuffer output)
        {
            if (piece.IsEmpty) return;
            int length = ByteLevelAlphabet.Encode(piece, output.Reserve(ByteLevelAlphabet.MaxEncodedLength(piece.Length)));
            output.Commit(length, atTextStart);
        }
    }
}
