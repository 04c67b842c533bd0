using Wpo.Text;

namespace Wpo.Tests.Text;

/// <summary>
/// apply_chat_template on real tokenizers and templates, and control-token strings in content. Expected ids:
/// transformers.js; for <see cref="SpecialTokensInContent.Escape"/>, transformers.js with the quoted token removed
/// from the added tokens for the content (what encoding it as ordinary text means).
/// </summary>
public sealed class TokenizerChatTests : IDisposable
{
    const string MistralInstructTemplate =
        "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}" +
        "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}" +
        "{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}" +
        "{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token }}{% endif %}{% endfor %}";

    readonly string directory = Directory.CreateTempSubdirectory("wpo-chat-tokenizer-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>The Llama 3 golden tokenizer.json with Meta-Llama-3-8B-Instruct's tokenizer_config.json (its chat template).</summary>
    Tokenizer Llama3Instruct(SpecialTokensInContent mode)
    {
        File.Copy(Path.Combine(GoldenTokenizers.Directory("llama3"), "tokenizer.json"), Path.Combine(directory, "tokenizer.json"));
        File.Copy(SharedFolders.Data(Path.Combine("model_configs", "Meta-Llama-3-8B-Instruct", "tokenizer_config.json")), Path.Combine(directory, "tokenizer_config.json"));
        return Tokenizer.Load(directory, mode);
    }

    /// <summary>The Mistral golden tokenizer with Mistral-7B-Instruct-v0.1's template as chat_template.jinja.</summary>
    Tokenizer MistralInstruct(SpecialTokensInContent mode)
    {
        foreach (string file in Directory.GetFiles(GoldenTokenizers.Directory("mistral"), "*.json"))
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(directory, "chat_template.jinja"), MistralInstructTemplate);
        return Tokenizer.Load(directory, mode);
    }

    static readonly ChatMessage[] QuotingUser = [new("user", "Say <|eot_id|> please")];

    [Fact]
    public void Llama3_content_control_token_is_ordinary_text_while_the_templates_stay_control_tokens()
    {
        var tokenizer = Llama3Instruct(SpecialTokensInContent.Escape);
        ChatText chat = tokenizer.ApplyChatTemplate(QuotingUser, addGenerationPrompt: true);
        Assert.Equal("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nSay <|eot_id|> please<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", chat.Text);
        Assert.Equal([(chat.Text.IndexOf("<|eot_id|>", StringComparison.Ordinal), 10)], chat.ProtectedSpans);
        Assert.Equal([128000, 128006, 882, 128007, 271, 46864, 83739, 68, 354, 851, 91, 29, 4587, 128009, 128006, 78191, 128007, 271], tokenizer.Encode(chat));
    }

    [Fact]
    public void Llama3_parse_mode_reproduces_the_seed_behaviour()
    {
        var tokenizer = Llama3Instruct(SpecialTokensInContent.Parse);
        ChatText chat = tokenizer.ApplyChatTemplate(QuotingUser, addGenerationPrompt: true);
        Assert.Empty(chat.ProtectedSpans);
        Assert.Equal([128000, 128006, 882, 128007, 271, 46864, 220, 128009, 4587, 128009, 128006, 78191, 128007, 271], tokenizer.Encode(chat));
    }

    [Fact]
    public void Mistral_content_eos_is_ordinary_text_while_the_templates_eos_stays_a_control_token()
    {
        ChatMessage[] messages = [new("user", "Say </s> please"), new("assistant", "Ok </s> done")];
        var escape = MistralInstruct(SpecialTokensInContent.Escape);
        ChatText chat = escape.ApplyChatTemplate(messages);
        Assert.Equal("<s>[INST] Say </s> please [/INST]Ok </s> done</s>", chat.Text);
        Assert.Equal([1, 28792, 16289, 28793, 15753, 1867, 28713, 28767, 4665, 733, 28748, 16289, 28793, 9052, 1867, 28713, 28767, 2203, 2], escape.Encode(chat));
        Assert.Equal(chat.Text, escape.Decode(escape.Encode(chat)));

        var parse = Tokenizer.Load(directory, SpecialTokensInContent.Parse);
        Assert.Equal([1, 28792, 16289, 28793, 15753, 28705, 2, 4665, 733, 28748, 16289, 28793, 9052, 28705, 2, 2203, 2], parse.Encode(parse.ApplyChatTemplate(messages)));
    }

    [Fact]
    public void Strings_in_message_extras_are_escaped_too()
    {
        File.Copy(Path.Combine(GoldenTokenizers.Directory("llama3"), "tokenizer.json"), Path.Combine(directory, "tokenizer.json"));
        File.WriteAllText(Path.Combine(directory, "tokenizer_config.json"), """{"bos_token":"<|begin_of_text|>","eos_token":"<|eot_id|>"}""");
        File.WriteAllText(Path.Combine(directory, "chat_template.jinja"), "{% for m in messages %}{{ m['name'] ~ ':' ~ m['content'] ~ eos_token }}{% endfor %}");
        var tokenizer = Tokenizer.Load(directory);
        ChatText chat = tokenizer.ApplyChatTemplate([new ChatMessage("user", "hi") { Extra = new Dictionary<string, object?> { ["name"] = "<|eot_id|>" } }]);
        Assert.Equal("<|eot_id|>:hi<|eot_id|>", chat.Text);
        Assert.Equal([(0, 10)], chat.ProtectedSpans);
        Assert.Equal(1, tokenizer.Encode(chat).Count(id => id == 128009));
    }

    [Fact]
    public void A_directory_without_a_chat_template_says_so()
    {
        var tokenizer = GoldenTokenizers.Load("mistral");
        Assert.Null(tokenizer.ChatTemplate);
        Assert.Contains("has no chat template", Assert.Throws<WpoException>(() => tokenizer.ApplyChatTemplate(QuotingUser)).Message);
    }

    [Fact]
    public void Tools_pick_the_tool_use_template_when_the_directory_has_one()
    {
        foreach (string file in Directory.GetFiles(GoldenTokenizers.Directory("mistral"), "*.json"))
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(directory, "chat_template.jinja"), "plain:{{ messages[0].content }}");
        Directory.CreateDirectory(Path.Combine(directory, "additional_chat_templates"));
        File.WriteAllText(Path.Combine(directory, "additional_chat_templates", "tool_use.jinja"), "tools:{{ tools | length }}:{{ messages[0].content }}");
        var tokenizer = Tokenizer.Load(directory);
        ChatMessage[] hi = [new("user", "hi")];

        Assert.Equal("plain:hi", tokenizer.ApplyChatTemplate(hi).Text);
        Assert.Equal("plain:hi", tokenizer.ApplyChatTemplate(hi, extraVariables: new Dictionary<string, object?> { ["tools"] = null }).Text);
        var tools = new Dictionary<string, object?> { ["tools"] = new List<object?> { "get_weather" } };
        Assert.Equal("tools:1:hi", tokenizer.ApplyChatTemplate(hi, extraVariables: tools).Text);
    }

    [Fact]
    public void Tools_without_a_tool_use_template_use_the_default()
    {
        var tokenizer = MistralInstruct(SpecialTokensInContent.Escape);
        var tools = new Dictionary<string, object?> { ["tools"] = new List<object?> { "get_weather" } };
        Assert.Equal(tokenizer.ApplyChatTemplate(QuotingUser).Text, tokenizer.ApplyChatTemplate(QuotingUser, extraVariables: tools).Text);
    }
}
