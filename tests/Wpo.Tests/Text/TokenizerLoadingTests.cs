using System.Text.Json.Nodes;
using Wpo.Text;

namespace Wpo.Tests.Text;

/// <summary>What loading reads from the files, and the errors for what it cannot handle.</summary>
public sealed class TokenizerLoadingTests : IDisposable
{
    readonly TinyTokenizer tiny = new();

    public void Dispose() => tiny.Dispose();

    [Theory]
    [InlineData("model", """{"type":"Unigram","vocab":[]}""", "unsupported model 'Unigram'")]
    [InlineData("normalizer", """{"type":"Precompiled","precompiled_charsmap":""}""", "unsupported normalizer 'Precompiled'")]
    [InlineData("pre_tokenizer", """{"type":"BertPreTokenizer"}""", "unsupported pre_tokenizer 'BertPreTokenizer'")]
    [InlineData("pre_tokenizer", """{"type":"Split","pattern":{"String":" "},"behavior":"Shuffled","invert":false}""", "unsupported Split behavior 'Shuffled'")]
    [InlineData("decoder", """{"type":"WordPiece","prefix":"##"}""", "unsupported decoder 'WordPiece'")]
    [InlineData("post_processor", """{"type":"BertProcessing","sep":["[SEP]",1],"cls":["[CLS]",0]}""", "unsupported post_processor 'BertProcessing'")]
    [InlineData("pre_tokenizer", """{"type":"Split","pattern":{"Regex":"(?<=a"},"behavior":"Isolated","invert":false}""", "is not valid in .NET")]
    public void An_unsupported_component_is_an_error_naming_it_and_the_file(string component, string json, string message)
    {
        tiny.Json[component] = JsonNode.Parse(json);
        var error = Assert.Throws<WpoException>(() => tiny.Load());
        Assert.Contains(message, error.Message);
        Assert.Contains(Path.Combine(tiny.Directory, "tokenizer.json"), error.Message);
    }

    [Fact]
    public void A_directory_without_tokenizer_json_is_an_error_naming_the_file()
    {
        File.WriteAllText(Path.Combine(tiny.Directory, "tokenizer_config.json"), "{}");
        var error = Assert.Throws<WpoException>(() => Tokenizer.Load(tiny.Directory));
        Assert.Contains(Path.Combine(tiny.Directory, "tokenizer.json"), error.Message);
    }

    [Fact]
    public void A_named_special_token_missing_from_the_vocabulary_is_an_error()
    {
        tiny.Config["bos_token"] = "<bos>";
        var error = Assert.Throws<WpoException>(() => tiny.Load());
        Assert.Contains("bos_token '<bos>' is not a token", error.Message);
    }

    [Fact]
    public void Add_bos_token_without_a_bos_token_is_an_error()
    {
        tiny.Config["add_bos_token"] = true;
        Assert.Contains("add_bos_token is true but there is no bos_token", Assert.Throws<WpoException>(() => tiny.Load()).Message);
    }

    [Fact]
    public void Special_tokens_map_wins_over_the_config_and_accepts_added_token_objects()
    {
        tiny.Config["bos_token"] = "<L>";
        tiny.Config["eos_token"] = new JsonObject { ["content"] = "<R>", ["__type"] = "AddedToken" };
        File.WriteAllText(Path.Combine(tiny.Directory, "special_tokens_map.json"), """{"bos_token":{"content":"<LR>","lstrip":false}}""");
        var tokenizer = tiny.Load();
        Assert.Equal(("<LR>", 10), (tokenizer.BosToken, tokenizer.BosId));
        Assert.Equal(("<R>", 8), (tokenizer.EosToken, tokenizer.EosId));
        Assert.Null(tokenizer.PadId);
    }

    [Fact]
    public void Add_bos_and_eos_flags_override_the_post_processor()
    {
        tiny.Json["post_processor"] = JsonNode.Parse("""
            {"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<L>","type_id":0}},{"Sequence":{"id":"A","type_id":0}}],
             "pair":[],"special_tokens":{"<L>":{"id":"<L>","ids":[7],"tokens":["<L>"]}}}
            """);
        Assert.Equal([7, 3], tiny.Load().Encode("ab", addSpecialTokens: true));
        Assert.Equal([3], tiny.Load().Encode("ab"));

        (tiny.Config["bos_token"], tiny.Config["eos_token"], tiny.Config["add_bos_token"], tiny.Config["add_eos_token"]) = ("<LR>", "<R>", true, true);
        Assert.Equal([10, 3, 8], tiny.Load().Encode("ab", addSpecialTokens: true));

        tiny.Config["add_bos_token"] = false;
        Assert.Equal([3, 8], tiny.Load().Encode("ab", addSpecialTokens: true));
    }

    [Fact]
    public void Fingerprint_changes_with_the_files_and_the_content_mode_only()
    {
        string first = tiny.Load().Fingerprint;
        Assert.Equal(first, tiny.Load().Fingerprint);
        Assert.NotEqual(first, tiny.Load(SpecialTokensInContent.Parse).Fingerprint);
        tiny.Config["model_max_length"] = 4096;
        Assert.NotEqual(first, tiny.Load().Fingerprint);
    }
}
