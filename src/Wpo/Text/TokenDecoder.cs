using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Wpo.Text;

/// <summary>
/// tokenizer.json's <c>decoder</c>: turns the token strings of ids back into text, step by step on a list of
/// strings (Hugging Face's <c>decode_chain</c>). Added tokens travel through as their content; the ByteLevel step
/// leaves them as they are, as transformers.js does.
/// </summary>
internal abstract class TokenDecoder
{
    /// <summary>A token string on its way through the chain; <see cref="IsAdded"/> for added-token content.</summary>
    public readonly record struct Part(string Text, bool IsAdded);

    public abstract List<Part> Decode(List<Part> parts);

    /// <summary>The decoder described by <paramref name="json"/>; without one, tokens are joined with spaces (as Hugging Face does).</summary>
    public static TokenDecoder FromJson(JsonElement json, string file)
    {
        if (json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return new JoinWithSpaces();
        string kind = TokenizerJson.Kind(json, "decoder", file);
        return kind switch
        {
            "Sequence" => new SequenceDecoder([.. TokenizerJson.Array(json, "decoders", file).Select(step => FromJson(step, file))]),
            "ByteLevel" => new ByteLevelDecoder(),
            "Replace" => new ReplaceDecoder(TokenizerJson.Pattern(json, file), TokenizerJson.String(json, "content", file)),
            "ByteFallback" => new ByteFallbackDecoder(),
            "Fuse" => new FuseDecoder(),
            "Strip" => new StripDecoder(StripCharacter(json, file), TokenizerJson.Int(json, "start", file), TokenizerJson.Int(json, "stop", file)),
            "Metaspace" => new MetaspaceDecoder(TokenizerJson.String(json, "replacement", file), MetaspacePreTokenizer.ParseScheme(json, file)),
            _ => throw TokenizerJson.Unsupported("decoder", kind, file, "Sequence, ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace"),
        };
    }

    static char StripCharacter(JsonElement json, string file)
    {
        string content = TokenizerJson.String(json, "content", file);
        return content.Length == 1 ? content[0] : throw new WpoException($"{file}: the Strip decoder's content '{content}' must be one character.");
    }

    static List<Part> Map(List<Part> parts, Func<string, string> map) => [.. parts.Select(p => p with { Text = map(p.Text) })];

    sealed class SequenceDecoder(TokenDecoder[] steps) : TokenDecoder
    {
        public override List<Part> Decode(List<Part> parts)
        {
            foreach (TokenDecoder step in steps) parts = step.Decode(parts);
            return parts;
        }
    }

    sealed class JoinWithSpaces : TokenDecoder
    {
        public override List<Part> Decode(List<Part> parts) => [new Part(string.Join(' ', parts.Select(p => p.Text)), false)];
    }

    /// <summary>Runs of byte-alphabet tokens become the text of their UTF-8 bytes; a token outside the alphabet keeps its own bytes.</summary>
    sealed class ByteLevelDecoder : TokenDecoder
    {
        public override List<Part> Decode(List<Part> parts)
        {
            var output = new List<Part>();
            var bytes = new List<byte>();
            foreach (Part part in parts)
            {
                if (part.IsAdded)
                {
                    Flush(bytes, output);
                    output.Add(part);
                }
                else if (!ByteLevelAlphabet.TryDecode(part.Text, bytes))
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(part.Text));
                }
            }
            Flush(bytes, output);
            return output;
        }
    }

    /// <summary>
    /// <c>&lt;0xNN&gt;</c> tokens in a row become the text of those bytes; a run that is not valid UTF-8 becomes one
    /// U+FFFD per byte, as in Hugging Face tokenizers.
    /// </summary>
    sealed class ByteFallbackDecoder : TokenDecoder
    {
        public override List<Part> Decode(List<Part> parts)
        {
            var output = new List<Part>();
            var bytes = new List<byte>();
            foreach (Part part in parts)
            {
                if (part.Text is ['<', '0', 'x', _, _, '>'] && byte.TryParse(part.Text.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out byte value))
                {
                    bytes.Add(value);
                    continue;
                }
                FlushStrict(bytes, output);
                output.Add(part);
            }
            FlushStrict(bytes, output);
            return output;
        }

        static void FlushStrict(List<byte> bytes, List<Part> output)
        {
            if (Utf8.IsValid(CollectionsMarshal.AsSpan(bytes)))
            {
                Flush(bytes, output);
                return;
            }
            output.AddRange(bytes.Select(_ => new Part("\uFFFD", false)));
            bytes.Clear();
        }
    }

    static void Flush(List<byte> bytes, List<Part> output)
    {
        if (bytes.Count == 0) return;
        output.Add(new Part(Encoding.UTF8.GetString([.. bytes]), false));
        bytes.Clear();
    }

    sealed class ReplaceDecoder(Regex pattern, string content) : TokenDecoder
    {
        readonly string replacement = content.Replace("$", "$$");

        public override List<Part> Decode(List<Part> parts) => Map(parts, text => pattern.Replace(text, replacement));
    }

    sealed class FuseDecoder : TokenDecoder
    {
        public override List<Part> Decode(List<Part> parts) => [new Part(string.Concat(parts.Select(p => p.Text)), false)];
    }

    /// <summary>Removes up to <c>start</c> leading and <c>stop</c> trailing copies of a character from each string.</summary>
    sealed class StripDecoder(char content, int start, int stop) : TokenDecoder
    {
        public override List<Part> Decode(List<Part> parts) => Map(parts, text =>
        {
            int from = 0, to = text.Length;
            while (from < start && from < to && text[from] == content) from++;
            while (text.Length - to < stop && to > from && text[to - 1] == content) to--;
            return text[from..to];
        });
    }

    /// <summary><c>▁</c> back to spaces; in the first token they are dropped, being the prepended ones (Hugging Face's rule).</summary>
    sealed class MetaspaceDecoder(string replacement, PrependScheme scheme) : TokenDecoder
    {
        public override List<Part> Decode(List<Part> parts) =>
            [.. parts.Select((p, i) => p with { Text = p.Text.Replace(replacement, i == 0 && scheme != PrependScheme.Never ? "" : " ") })];
    }
}
