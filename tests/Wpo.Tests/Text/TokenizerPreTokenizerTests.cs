using System.Text.Json.Nodes;

namespace Wpo.Tests.Text;

/// <summary>Pre-tokenizer kinds on <see cref="TinyTokenizer"/> and on the Mistral golden, against Hugging Face tokenizers 0.23 (Rust).</summary>
public sealed class TokenizerPreTokenizerTests : IDisposable
{
    readonly TinyTokenizer tiny = new();

    public void Dispose() => tiny.Dispose();

    /// <summary>Merges that cross the '_' delimiter ("b _", "_ a", "_ _") outrank "a b", so every behaviour shows in the ids.</summary>
    [Theory]
    [InlineData("Isolated", false, new[] { 3, 5, 3 }, new[] { 3, 5, 5, 3 }, new[] { 5, 3, 5 })]
    [InlineData("Removed", false, new[] { 3, 3 }, new[] { 3, 3 }, new[] { 3 })]
    [InlineData("MergedWithPrevious", false, new[] { 1, 12, 3 }, new[] { 1, 12, 5, 3 }, new[] { 5, 1, 12 })]
    [InlineData("MergedWithNext", false, new[] { 3, 11, 2 }, new[] { 3, 5, 11, 2 }, new[] { 11, 2, 5 })]
    [InlineData("Contiguous", false, new[] { 3, 5, 3 }, new[] { 3, 13, 3 }, new[] { 5, 3, 5 })]
    [InlineData("Removed", true, new[] { 5 }, new[] { 5, 5 }, new[] { 5, 5 })]
    [InlineData("MergedWithNext", true, new[] { 1, 12, 3 }, new[] { 1, 12, 5, 3 }, new[] { 5, 1, 12 })]
    public void Split_behaviours_match_hugging_face_tokenizers(string behavior, bool invert, int[] abUnderscoreAb, int[] abTwoUnderscoresAb, int[] underscoreAbUnderscore)
    {
        tiny.Json["added_tokens"] = new JsonArray();
        tiny.Json["model"]!["vocab"] = JsonNode.Parse("""{" ":0,"a":1,"b":2,"ab":3,"c":4,"_":5,"?":6,"_a":11,"b_":12,"__":13}""");
        tiny.Json["model"]!["merges"] = new JsonArray("b _", "_ a", "_ _", "a b");
        tiny.Json["pre_tokenizer"] = new JsonObject
        {
            ["type"] = "Split",
            ["pattern"] = new JsonObject { ["String"] = "_" },
            ["behavior"] = behavior,
            ["invert"] = invert,
        };
        var tokenizer = tiny.Load();
        Assert.Equal(abUnderscoreAb, tokenizer.Encode("ab_ab"));
        Assert.Equal(abTwoUnderscoresAb, tokenizer.Encode("ab__ab"));
        Assert.Equal(underscoreAbUnderscore, tokenizer.Encode("_ab_"));
    }

    /// <summary>
    /// Without <c>legacy: false</c> in its config, Mistral's Metaspace (prepend_scheme first) runs as Hugging Face
    /// tokenizers runs it: no <c>▁</c> is prepended to text that already starts with a space or <c>▁</c>.
    /// </summary>
    [Theory]
    [InlineData(" ", new[] { 28705 })]
    [InlineData("  ", new[] { 259 })]
    [InlineData(" Hello", new[] { 22557 })]
    [InlineData("▁already▁metaspace", new[] { 2141, 1424, 293, 2644 })]
    [InlineData("   leading spaces", new[] { 259, 5374, 10599 })]
    [InlineData("Hello", new[] { 22557 })]
    [InlineData("<s> </s>", new[] { 1, 28705, 2 })]
    public void Metaspace_without_the_llama_legacy_rule_matches_hugging_face_tokenizers(string text, int[] expected)
    {
        string mistral = GoldenTokenizers.Directory("mistral");
        File.Copy(Path.Combine(mistral, "tokenizer.json"), Path.Combine(tiny.Directory, "tokenizer.json"));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(mistral, "tokenizer_config.json")))!.AsObject();
        config.Remove("legacy");
        File.WriteAllText(Path.Combine(tiny.Directory, "tokenizer_config.json"), config.ToJsonString());
        Assert.Equal(expected, Wpo.Text.Tokenizer.Load(tiny.Directory).Encode(text));
    }

    /// <summary>
    /// Llama 3's Split regex over characters outside the BMP (math letters and digits, emoji, CJK extension B), which
    /// a .NET regex would see as pairs of surrogates; expected ids from Hugging Face tokenizers 0.23 (Rust).
    /// </summary>
    [Theory]
    [InlineData("𝑥's value is 𝟏.", new[] { 57352, 239, 98, 596, 907, 374, 220, 57352, 253, 237, 13 })]
    [InlineData("f(𝑥).", new[] { 69, 7, 57352, 239, 98, 570 })]
    [InlineData("😀abc 𝟏𝟐", new[] { 76460, 222, 13997, 220, 57352, 253, 237, 57352, 253, 238 })]
    [InlineData("𠀀're", new[] { 172, 64319, 222, 2351 })]
    public void Regex_pre_tokenization_sees_code_points_as_hugging_face_does(string text, int[] expected) =>
        Assert.Equal(expected, GoldenTokenizers.Load("llama3").Encode(text));
}
