using System.CommandLine;
using System.Text.Json;
using Wpo.Cli.Commands;
using Wpo.Tests.Text;

namespace Wpo.Tests.Cli;

[CollectionDefinition(nameof(ConsoleOutput), DisableParallelization = true)]
public sealed class ConsoleOutput;

/// <summary><c>wpo tokenize</c> end to end, reading its <c>--json</c> output.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class TokenizeCommandTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("wpo-tokenize-command-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    static JsonElement Run(params string[] args)
    {
        var output = new StringWriter();
        TextWriter original = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, new RootCommand { TokenizeCommand.Create() }.Parse(["tokenize", .. args]).Invoke());
        }
        finally
        {
            Console.SetOut(original);
        }
        return JsonDocument.Parse(output.ToString()).RootElement;
    }

    [Fact]
    public void Text_prints_ids_tokens_and_the_decoded_text()
    {
        JsonElement result = Run(GoldenTokenizers.Directory("mistral"), "--text", "Hi </s>", "--add-special-tokens", "--json");
        Assert.Equal([1, 15359, 28705, 2], result.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()));
        JsonElement eos = result.GetProperty("tokens")[3];
        Assert.Equal(("</s>", "special"), (eos.GetProperty("token").GetString(), eos.GetProperty("kind").GetString()));
        Assert.Equal("<s> Hi </s>", result.GetProperty("decoded").GetString());
    }

    [Fact]
    public void Messages_render_the_chat_template_and_keep_quoted_control_tokens_as_text()
    {
        File.Copy(Path.Combine(GoldenTokenizers.Directory("llama3"), "tokenizer.json"), Path.Combine(directory, "tokenizer.json"));
        File.Copy(SharedFolders.Data(Path.Combine("model_configs", "Meta-Llama-3-8B-Instruct", "tokenizer_config.json")), Path.Combine(directory, "tokenizer_config.json"));
        string messages = Path.Combine(directory, "messages.json");
        File.WriteAllText(messages, """[{"role": "user", "content": "Say <|eot_id|> please"}]""");

        JsonElement escaped = Run(directory, "--messages", messages, "--add-generation-prompt", "--json");
        Assert.Equal(1, escaped.GetProperty("ids").EnumerateArray().Count(i => i.GetInt32() == 128009));
        Assert.Equal(1, escaped.GetProperty("protected_spans").GetArrayLength());

        JsonElement parsed = Run(directory, "--messages", messages, "--content-mode", "parse", "--json");
        Assert.Equal(2, parsed.GetProperty("ids").EnumerateArray().Count(i => i.GetInt32() == 128009));
    }

    [Fact]
    public void Adding_special_tokens_to_a_rendered_chat_is_refused()
    {
        string messages = Path.Combine(directory, "messages.json");
        File.WriteAllText(messages, """[{"role": "user", "content": "Hi"}]""");
        var command = new RootCommand { TokenizeCommand.Create() };
        var error = Assert.Throws<WpoException>(() => command.Parse(["tokenize", directory, "--messages", messages, "--add-special-tokens"])
            .Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
        Assert.Contains("doubled BOS", error.Message);
    }
}
