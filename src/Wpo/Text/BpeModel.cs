using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace Wpo.Text;

/// <summary>
/// tokenizer.json's BPE <c>model</c> over Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>, which does the
/// merging. Around it, what that class lacks: <c>ignore_merges</c> (a piece that is itself in the vocabulary is one
/// token, as Llama 3 needs) and <c>byte_fallback</c> (a character missing from the vocabulary becomes the
/// <c>&lt;0xNN&gt;</c> tokens of its UTF-8 bytes). Pieces arrive already in the vocabulary's alphabet.
/// </summary>
internal sealed class BpeModel
{
    /// <summary>Merge results of pieces up to this length are remembered (most words are short and repeat).</summary>
    const int MaxCachedLength = 24;
    const int CacheCapacity = 100_000;

    readonly BpeTokenizer bpe;
    readonly ConcurrentDictionary<string, int[]> cache = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> cacheLookup;
    int cached;
    readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup;
    readonly bool ignoreMerges;
    readonly int[]? byteTokens;
    readonly bool[] knownCharacters = new bool[char.MaxValue + 1];
    readonly int? unknownId;
    readonly bool fuseUnknown;

    BpeModel(Dictionary<string, int> vocabulary, BpeTokenizer bpe, bool ignoreMerges, bool byteFallback, string? unknownToken, bool fuseUnknown)
    {
        Vocabulary = vocabulary;
        this.bpe = bpe;
        lookup = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        cacheLookup = cache.GetAlternateLookup<ReadOnlySpan<char>>();
        this.ignoreMerges = ignoreMerges;
        this.fuseUnknown = fuseUnknown;
        unknownId = unknownToken is not null && vocabulary.TryGetValue(unknownToken, out int unk) ? unk : null;
        foreach (string token in vocabulary.Keys)
            if (token.Length == 1) knownCharacters[token[0]] = true;
        if (byteFallback)
            byteTokens = [.. Enumerable.Range(0, 256).Select(b => vocabulary.TryGetValue($"<0x{b:X2}>", out int id) ? id : -1)];
    }

    /// <summary>The model's vocabulary (without added tokens), token string to id.</summary>
    public Dictionary<string, int> Vocabulary { get; }

    public static BpeModel FromJson(JsonElement model, string file)
    {
        string kind = TokenizerJson.Kind(model, "model", file);
        if (kind != "BPE") throw TokenizerJson.Unsupported("model", kind, file, "BPE");
        foreach (string key in (string[])["continuing_subword_prefix", "end_of_word_suffix"])
            if (model.TryGetProperty(key, out JsonElement affix) && affix.ValueKind == JsonValueKind.String && affix.GetString()!.Length > 0)
                throw new WpoException($"{file}: the BPE model's {key} '{affix.GetString()}' is not supported.");
        if (model.TryGetProperty("dropout", out JsonElement dropout) && dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() > 0)
            throw new WpoException($"{file}: BPE dropout ({dropout.GetDouble()}) is a training-time setting; set it to null to encode.");

        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        JsonElement vocab = TokenizerJson.Property(model, "vocab", file);
        if (vocab.ValueKind != JsonValueKind.Object) throw new WpoException($"{file}: the BPE model's vocab must be an object.");
        foreach (JsonProperty entry in vocab.EnumerateObject()) vocabulary[entry.Name] = entry.Value.GetInt32();

        bool byteFallback = TokenizerJson.Bool(model, "byte_fallback", file, defaultValue: false);
        string? unknownToken = model.TryGetProperty("unk_token", out JsonElement unk) && unk.ValueKind == JsonValueKind.String ? unk.GetString() : null;
        bool fuseUnknown = TokenizerJson.Bool(model, "fuse_unk", file, defaultValue: false);
        var options = new BpeOptions(vocabulary)
        {
            Merges = ReadMerges(model, file, byteFallback),
            UnknownToken = unknownToken is not null && vocabulary.ContainsKey(unknownToken) ? unknownToken : null,
            FuseUnknownTokens = fuseUnknown,
        };
        BpeTokenizer bpe;
        try
        {
            bpe = BpeTokenizer.Create(options);
        }
        catch (InvalidOperationException e)
        {
            throw new WpoException($"{file}: the BPE model is inconsistent: {e.Message}", e);
        }
        return new BpeModel(vocabulary, bpe, TokenizerJson.Bool(model, "ignore_merges", file, defaultValue: false), byteFallback, unknownToken, fuseUnknown);
    }

    /// <summary>Merges as <c>"a b"</c> strings; the file may hold them so or as <c>["a", "b"]</c> pairs.</summary>
    static List<string> ReadMerges(JsonElement model, string file, bool byteFallback)
    {
        var merges = new List<string>();
        foreach (JsonElement merge in TokenizerJson.Array(model, "merges", file))
        {
            string joined = merge.ValueKind switch
            {
                JsonValueKind.String => merge.GetString()!,
                JsonValueKind.Array when merge.GetArrayLength() == 2 && merge[0].GetString() is string a && merge[1].GetString() is string b
                    && !a.Contains(' ') && !b.Contains(' ') => $"{a} {b}",
                _ => throw new WpoException($"{file}: merge #{merges.Count} ({merge.GetRawText()}) is not \"a b\" or a pair of tokens without spaces."),
            };
            // Byte-fallback tokens are emitted outside the merging (see Encode), which is exact only if no merge joins them.
            if (byteFallback && joined.Contains("<0x", StringComparison.Ordinal))
                throw new WpoException($"{file}: merge '{joined}' joins a byte-fallback token, which is not supported.");
            merges.Add(joined);
        }
        return merges;
    }

    /// <summary>Appends the ids of one pre-tokenized piece.</summary>
    public void Encode(ReadOnlySpan<char> piece, List<int> ids)
    {
        if (ignoreMerges && lookup.TryGetValue(piece, out int whole))
        {
            ids.Add(whole);
            return;
        }
        if (byteTokens is null)
        {
            Merge(piece, ids);
            return;
        }
        // Merges never join a byte-fallback token, so the runs between unknown characters merge independently.
        int runStart = 0;
        bool previousWasUnknown = false;
        for (int i = 0; i < piece.Length;)
        {
            int width = char.IsHighSurrogate(piece[i]) && i + 1 < piece.Length && char.IsLowSurrogate(piece[i + 1]) ? 2 : 1;
            ReadOnlySpan<char> character = piece.Slice(i, width);
            if (width == 1 ? knownCharacters[character[0]] : lookup.ContainsKey(character))
            {
                previousWasUnknown = false;
                i += width;
                continue;
            }
            if (i > runStart) Merge(piece[runStart..i], ids);
            previousWasUnknown = AppendBytes(character, ids, previousWasUnknown);
            runStart = i += width;
        }
        if (runStart < piece.Length) Merge(piece[runStart..], ids);
    }

    void Merge(ReadOnlySpan<char> run, List<int> ids)
    {
        bool cacheable = run.Length <= MaxCachedLength;
        if (cacheable && cacheLookup.TryGetValue(run, out int[]? known))
        {
            ids.AddRange(known);
            return;
        }
        IReadOnlyList<int> merged = bpe.EncodeToIds(run, considerPreTokenization: false, considerNormalization: false);
        ids.AddRange(merged);
        if (cacheable && Volatile.Read(ref cached) < CacheCapacity && cacheLookup.TryAdd(run, [.. merged])) Interlocked.Increment(ref cached);
    }

    /// <summary>The byte tokens of an unknown character, or the unknown token when one is missing; true if it was unknown.</summary>
    bool AppendBytes(ReadOnlySpan<char> character, List<int> ids, bool previousWasUnknown)
    {
        Span<byte> bytes = stackalloc byte[4];
        int count = Encoding.UTF8.GetBytes(character, bytes);
        bool complete = true;
        for (int b = 0; b < count; b++) complete &= byteTokens![bytes[b]] >= 0;
        if (complete)
        {
            for (int b = 0; b < count; b++) ids.Add(byteTokens![bytes[b]]);
            return false;
        }
        if (unknownId is int unk && !(fuseUnknown && previousWasUnknown)) ids.Add(unk);
        return unknownId is not null;
    }
}
