using System.Text.Json.Nodes;
using Wpo.Text;

namespace Wpo.Tests.Text;

/// <summary>Added-token matching flags, against Hugging Face tokenizers 0.23 (Rust) on <see cref="TinyTokenizer"/>.</summary>
public sealed class TokenizerAddedTokenTests : IDisposable
{
    readonly TinyTokenizer tiny = new();

    public void Dispose() => tiny.Dispose();

    [Theory]
    [InlineData("a  <L>b", new[] { 1, 7, 2 })]        // lstrip swallows the spaces before
    [InlineData("a\t<L>", new[] { 1, 7 })]
    [InlineData("a<R>  b", new[] { 1, 8, 2 })]        // rstrip swallows the spaces after
    [InlineData("a <LR> b", new[] { 1, 10, 2 })]
    [InlineData("ab <L><L>", new[] { 3, 7, 7 })]      // merges still apply between added tokens
    [InlineData("ca", new[] { 9 })]                   // single_word: alone
    [InlineData("ca b", new[] { 9, 0, 2 })]
    [InlineData(" ca", new[] { 0, 9 })]
    [InlineData("bca", new[] { 2, 4, 1 })]            // single_word: touches a word character, not matched
    [InlineData("ca_", new[] { 4, 1, 5 })]            // '_' is a word character
    [InlineData("zz a", new[] { 6, 6, 0, 1 })]        // unknown characters, not fused
    public void Flags_match_hugging_face_tokenizers(string text, int[] expected) =>
        Assert.Equal(expected, tiny.Load().Encode(text));

    [Fact]
    public void Fused_unknown_characters_become_one_unknown_token()
    {
        tiny.Json["model"]!["fuse_unk"] = true;
        Assert.Equal([6, 0, 1], tiny.Load().Encode("zz a"));
    }

    [Fact]
    public void A_normalized_added_token_is_matched_in_the_normalized_text()
    {
        tiny.Json["normalizer"] = JsonNode.Parse("""{"type":"Replace","pattern":{"String":"x"},"content":"c"}""");
        tiny.Json["added_tokens"]![2]!["normalized"] = true;
        // "xa" normalizes to "ca", the single-word added token; without normalized matching it would be c, a.
        Assert.Equal([9], tiny.Load().Encode("xa"));
    }

    [Fact]
    public void Protected_characters_keep_special_tokens_as_ordinary_text_but_not_other_added_tokens()
    {
        var tokenizer = tiny.Load();
        // "<L>" inside the protected span is three unknown characters; "ca" is not special, so it still matches.
        var text = ChatText.Plain("a") + ChatText.Protected("<L> ca") + ChatText.Plain("<L>");
        Assert.Equal([1, 6, 6, 6, 0, 9, 7], tokenizer.Encode(text));
        Assert.Equal([1, 7, 0, 9, 7], tokenizer.Encode(text.Text));
    }

    [Fact]
    public void Parse_mode_ignores_protected_spans()
    {
        var text = ChatText.Plain("a") + ChatText.Protected("<L>b");
        Assert.Equal([1, 7, 2], tiny.Load(SpecialTokensInContent.Parse).Encode(text));
    }

    [Fact]
    public void A_token_the_config_names_special_stays_ordinary_text_in_escaped_content()
    {
        // Gemma's <start_of_turn> is "special": false in tokenizer.json and an additional_special_token in its config.
        tiny.Json["added_tokens"]![0]!["special"] = false;
        tiny.Config["additional_special_tokens"] = new JsonArray("<L>");
        tiny.Config["chat_template"] = "{% for m in messages %}{{ m['content'] }}<L>{% endfor %}";
        var tokenizer = tiny.Load();
        ChatText chat = tokenizer.ApplyChatTemplate([new ChatMessage("user", "a<L>b")]);
        Assert.True(tokenizer.IsSpecial(7));
        Assert.Equal([1, 6, 6, 6, 2, 7], tokenizer.Encode(chat));
    }
}
