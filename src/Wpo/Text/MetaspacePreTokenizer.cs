using System.Text.Json;
using System.Text.RegularExpressions;

namespace Wpo.Text;

/// <summary>Where Metaspace puts a leading <c>▁</c>: on every piece, only on the one that starts the text, or nowhere.</summary>
internal enum PrependScheme { Always, First, Never }

/// <summary>
/// SentencePiece's view of spaces (Llama 2, Mistral): every space becomes <c>▁</c>, a <c>▁</c> is prepended per
/// <see cref="PrependScheme"/> unless the piece already starts with one (Hugging Face tokenizers' rule), and with
/// <c>split</c> the piece is cut before each <c>▁</c>.
/// </summary>
internal sealed class MetaspacePreTokenizer(char replacement, PrependScheme scheme, bool split) : TextPreTokenizer
{
    readonly Regex replacementPattern = new(Regex.Escape(replacement.ToString()), RegexOptions.CultureInvariant);

    public static MetaspacePreTokenizer Read(JsonElement json, string file)
    {
        string replacement = TokenizerJson.String(json, "replacement", file);
        if (replacement.Length != 1) throw new WpoException($"{file}: Metaspace replacement '{replacement}' must be one character.");
        return new MetaspacePreTokenizer(replacement[0], ParseScheme(json, file), TokenizerJson.Bool(json, "split", file, defaultValue: true));
    }

    /// <summary><c>prepend_scheme</c>, or for files older than it, <c>add_prefix_space</c> (true meaning always).</summary>
    public static PrependScheme ParseScheme(JsonElement json, string file)
    {
        if (!json.TryGetProperty("prepend_scheme", out JsonElement scheme) || scheme.ValueKind == JsonValueKind.Null)
            return TokenizerJson.Bool(json, "add_prefix_space", file, defaultValue: true) ? PrependScheme.Always : PrependScheme.Never;
        return scheme.GetString() switch
        {
            "always" => PrependScheme.Always,
            "first" => PrependScheme.First,
            "never" => PrependScheme.Never,
            string other => throw TokenizerJson.Unsupported("Metaspace prepend_scheme", other, file, "always, first, never"),
            null => throw new WpoException($"{file}: Metaspace prepend_scheme must be a string."),
        };
    }

    public override PieceBuffer PreTokenize(PieceBuffer input, PieceBuffer spare)
    {
        spare.Clear();
        for (int i = 0; i < input.Count; i++)
        {
            ReadOnlySpan<char> piece = input.Text(i);
            bool atTextStart = input[i].AtTextStart;
            bool prepend = piece[0] != replacement && piece[0] != ' '
                && (scheme == PrependScheme.Always || scheme == PrependScheme.First && atTextStart);
            Span<char> room = spare.Reserve(piece.Length + 1);
            int length = 0;
            if (prepend) room[length++] = replacement;
            foreach (char c in piece) room[length++] = c == ' ' ? replacement : c;
            if (!split)
            {
                spare.Commit(length, atTextStart);
                continue;
            }
            string rewritten = room[..length].ToString();
            SplitBehaviors.Split(rewritten, atTextStart, replacementPattern, SplitBehavior.MergedWithNext, invert: false, spare);
        }
        return spare;
    }
}
