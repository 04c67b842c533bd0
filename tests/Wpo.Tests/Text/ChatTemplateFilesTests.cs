using Wpo.Text;

namespace Wpo.Tests.Text;

/// <summary>Finding a model directory's chat template as transformers does.</summary>
public sealed class ChatTemplateFilesTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("wpo-chat-template-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    void WriteConfig(string chatTemplateJson) =>
        File.WriteAllText(Path.Combine(directory, "tokenizer_config.json"), $"{{\"bos_token\": \"<s>\", \"chat_template\": {chatTemplateJson}}}");

    [Fact]
    public void Reads_the_string_template_of_a_real_tokenizer_config()
    {
        var template = ChatTemplate.FromModelDirectory(SharedFolders.Data("model_configs/Meta-Llama-3-8B-Instruct"));
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            template.Render([new("user", " Hi ")], addGenerationPrompt: true, bosToken: "<|begin_of_text|>").Text);
        Assert.EndsWith("tokenizer_config.json", template.Name);
    }

    [Fact]
    public void A_config_without_a_template_is_a_clear_error()
    {
        var error = Assert.Throws<WpoException>(() => ChatTemplate.FromModelDirectory(SharedFolders.Data("model_configs/Mistral-7B-v0.1")));
        Assert.Contains("No chat template in", error.Message);
    }

    [Fact]
    public void Named_templates_in_a_list_choose_default_or_by_name()
    {
        WriteConfig("""[{"name": "default", "template": "D{{ messages|length }}"}, {"name": "tool_use", "template": "T"}]""");
        Assert.Equal("D1", ChatTemplate.FromModelDirectory(directory).Render([new("user", "x")]).Text);
        Assert.Equal("T", ChatTemplate.FromModelDirectory(directory, "tool_use").Render([]).Text);
        var error = Assert.Throws<WpoException>(() => ChatTemplate.FromModelDirectory(directory, "rag"));
        Assert.Contains("no chat template named 'rag'; available: 'default', 'tool_use'", error.Message);
    }

    [Fact]
    public void A_list_without_default_needs_a_name()
    {
        WriteConfig("""[{"name": "a", "template": "A"}, {"name": "b", "template": "B"}]""");
        var error = Assert.Throws<WpoException>(() => ChatTemplate.FromModelDirectory(directory));
        Assert.Contains("none is named 'default'", error.Message);
        Assert.Equal("B", ChatTemplate.FromModelDirectory(directory, "b").Render([]).Text);
    }

    [Fact]
    public void Chat_template_jinja_takes_priority_and_additional_templates_are_named()
    {
        WriteConfig("\"from config\"");
        File.WriteAllText(Path.Combine(directory, "chat_template.jinja"), "from file\n");
        Directory.CreateDirectory(Path.Combine(directory, "additional_chat_templates"));
        File.WriteAllText(Path.Combine(directory, "additional_chat_templates", "tool_use.jinja"), "tools");
        Assert.Equal("from file", ChatTemplate.FromModelDirectory(directory).Render([]).Text);
        Assert.Equal("tools", ChatTemplate.FromModelDirectory(directory, "tool_use").Render([]).Text);
    }

    [Fact]
    public void A_jinja_file_alone_is_enough()
    {
        File.WriteAllText(Path.Combine(directory, "chat_template.jinja"), "{% for m in messages %}{{ m.content }}{% endfor %}");
        Assert.Equal("ab", ChatTemplate.FromModelDirectory(directory).Render([new("user", "a"), new("assistant", "b")]).Text);
    }

    [Theory]
    [InlineData("{not json", "is not valid JSON")]
    [InlineData("{\"chat_template\": 5}", "\"chat_template\" must be a string or a list")]
    [InlineData("{\"chat_template\": [{\"name\": \"x\"}]}", "each \"chat_template\" list entry must be")]
    public void Malformed_configs_are_clear_errors(string config, string message)
    {
        File.WriteAllText(Path.Combine(directory, "tokenizer_config.json"), config);
        var error = Assert.Throws<WpoException>(() => ChatTemplate.FromModelDirectory(directory));
        Assert.Contains(message, error.Message);
        Assert.Contains("tokenizer_config.json", error.Message);
    }

    [Fact]
    public void A_missing_directory_is_a_clear_error()
    {
        string missing = Path.Combine(directory, "nope");
        var error = Assert.Throws<WpoException>(() => ChatTemplate.FromModelDirectory(missing));
        Assert.Equal($"Model directory not found: {missing}", error.Message);
    }
}
