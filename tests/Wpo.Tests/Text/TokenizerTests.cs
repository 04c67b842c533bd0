using Wpo.Text;

namespace Wpo.Tests.Text;

/// <summary>The Llama 3 and Mistral golden tokenizers beyond the golden cases; expected values from transformers.js.</summary>
public sealed class TokenizerTests
{
    static Tokenizer Llama3 => GoldenTokenizers.Load("llama3");
    static Tokenizer Mistral => GoldenTokenizers.Load("mistral");

    [Fact]
    public void Llama3_special_tokens_and_sizes()
    {
        var t = Llama3;
        Assert.Equal(("<|begin_of_text|>", 128000, "<|end_of_text|>", 128001), (t.BosToken, t.BosId, t.EosToken, t.EosId));
        Assert.Equal((null, null, null, null), (t.PadToken, t.PadId, t.UnkToken, t.UnkId));
        Assert.Equal(128256, t.VocabularySize);
        Assert.Equal(128009, t.TokenToId("<|eot_id|>"));
        Assert.Equal("Ġthe", t.IdToToken(t.TokenToId("Ġthe")!.Value));
        Assert.Null(t.TokenToId("not a token"));
    }

    [Fact]
    public void Mistral_special_tokens_and_sizes()
    {
        var t = Mistral;
        Assert.Equal(("<s>", 1, "</s>", 2, "<unk>", 0), (t.BosToken, t.BosId, t.EosToken, t.EosId, t.UnkToken, t.UnkId));
        Assert.Null(t.PadId);
        Assert.Equal(32000, t.VocabularySize);
        Assert.Equal("<0x0A>", t.IdToToken(13));
    }

    [Fact]
    public void An_id_outside_the_vocabulary_is_an_error_naming_it()
    {
        Assert.Contains("token id 128256", Assert.Throws<WpoException>(() => Llama3.IdToToken(128256)).Message);
        Assert.Contains("token id -1", Assert.Throws<WpoException>(() => Mistral.Decode([1, -1])).Message);
    }

    [Fact]
    public void Decode_keeps_or_skips_special_tokens_and_cleans_up_spaces_when_the_config_says_so()
    {
        Assert.Equal("<|begin_of_text|>Hello.", Llama3.Decode([128000, 9906, 13]));
        Assert.Equal("Hello", Llama3.Decode([128000, 9906], skipSpecialTokens: true));
        Assert.Equal("Hello. I'm", Llama3.Decode(Llama3.Encode("Hello . I 'm")));
        Assert.Equal("<s> Hello", Mistral.Decode([1, 22557]));
        Assert.Equal("Hello", Mistral.Decode([1, 22557], skipSpecialTokens: true));
    }

    [Theory]
    [InlineData(new[] { "<0x41>", "<0xFF>" }, "\uFFFD\uFFFD")]
    [InlineData(new[] { "<0xE2>", "<0x82>", "▁x" }, "\uFFFD\uFFFD x")]
    [InlineData(new[] { "<0xE2>", "<0x82>", "<0xAC>" }, "€")]
    public void A_run_of_byte_tokens_that_is_not_utf8_decodes_to_one_replacement_character_per_byte(string[] tokens, string expected) =>
        Assert.Equal(expected, Mistral.Decode(tokens.Select(token => Mistral.TokenToId(token)!.Value)));

    [Theory]
    [InlineData("ꙮ", new[] { 28705, 237, 156, 177 })]
    [InlineData("𝔸x", new[] { 28705, 243, 160, 151, 187, 28744 })]
    [InlineData("\u0000", new[] { 28705, 3 })]
    public void Characters_outside_the_vocabulary_fall_back_to_their_utf8_bytes_and_decode_back(string text, int[] expected)
    {
        Assert.Equal(expected, Mistral.Encode(text));
        Assert.Equal(text, Mistral.Decode(expected));
    }

    [Fact]
    public void A_control_token_string_in_protected_text_is_ordinary_text()
    {
        var llama = ChatText.Plain("Say ") + ChatText.Protected("<|eot_id|>") + ChatText.Plain(" please");
        Assert.Equal([46864, 220, 128009, 4587], Llama3.Encode(llama.Text));
        Assert.Equal([46864, 83739, 68, 354, 851, 91, 29, 4587], Llama3.Encode(llama));

        var mistral = ChatText.Plain("Say ") + ChatText.Protected("</s>") + ChatText.Plain(" please");
        Assert.Equal([15753, 28705, 2, 4665], Mistral.Encode(mistral.Text));
        Assert.Equal([15753, 1867, 28713, 28767, 4665], Mistral.Encode(mistral));
    }

    [Theory]
    [MemberData(nameof(GoldenTokenizers.Folders), MemberType = typeof(GoldenTokenizers))]
    public void Encoding_is_thread_safe(string folder)
    {
        // A fresh tokenizer, so that the threads race to fill its empty merge caches.
        var tokenizer = Tokenizer.Load(GoldenTokenizers.Directory(folder));
        var cases = GoldenTokenizers.Cases(folder);
        int[][] parallel = new int[cases.Count][];
        Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = tokenizer.Encode(cases[i].Text));
        Assert.All(Enumerable.Range(0, cases.Count), i => Assert.Equal(cases[i].Ids, parallel[i]));
    }
}
