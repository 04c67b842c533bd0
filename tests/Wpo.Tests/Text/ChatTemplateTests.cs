using Wpo.Text;
using Wpo.Text.Jinja;

namespace Wpo.Tests.Text;

/// <summary>Rendering conversations through <see cref="ChatTemplate"/>: the variables it passes, extra fields and generation spans.</summary>
public sealed class ChatTemplateTests
{
    static readonly DateTime Now = new(2024, 7, 26, 9, 30, 0);

    static readonly ChatMessage[] Conversation =
    [
        new("system", "Be terse."),
        new("user", "Hi"),
        new("assistant", " Hello! "),
        new("user", "Bye"),
        new("assistant", "Goodbye."),
    ];

    [Fact]
    public void Render_passes_messages_tokens_and_flags_as_transformers_does()
    {
        var template = new ChatTemplate(
            "{{ bos_token }}{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}" +
            "{% if add_generation_prompt %}<assistant>{% endif %}{{ eos_token }}|{{ tools is none }}{{ documents is none }}");
        Assert.Equal("<s><system>Be terse.<user>Hi<assistant> Hello! <user>Bye<assistant>Goodbye.</s>|TrueTrue",
            template.Render(Conversation, bosToken: "<s>", eosToken: "</s>").Text);
        Assert.Equal("<user>Hi<assistant>|TrueTrue", template.Render([new("user", "Hi")], addGenerationPrompt: true).Text);
    }

    [Fact]
    public void Tokens_left_out_are_undefined()
    {
        var template = new ChatTemplate("{{ bos_token is defined }}/{{ eos_token }}/");
        Assert.Equal("False//", template.Render([new("user", "x")]).Text);
    }

    [Fact]
    public void Extra_variables_add_or_override_context_variables()
    {
        var template = new ChatTemplate("{{ enable_thinking }} {{ tools | length }} {{ add_generation_prompt }}");
        var extra = new Dictionary<string, object?>
        {
            ["enable_thinking"] = false,
            ["tools"] = new List<object?> { new Dictionary<string, object?> { ["name"] = "a" } },
            ["add_generation_prompt"] = "overridden",
        };
        Assert.Equal("False 1 overridden", template.Render([new("user", "x")], extraVariables: extra).Text);
    }

    [Fact]
    public void Message_extra_fields_reach_the_template_and_tool_calls_render_as_Qwen_does()
    {
        string directory = SharedFolders.Data("model_configs/Qwen2.5-0.5B-Instruct");
        var template = ChatTemplate.FromModelDirectory(directory);
        var toolCall = new Dictionary<string, object?>
        {
            ["type"] = "function",
            ["function"] = new Dictionary<string, object?>
            {
                ["name"] = "get_weather",
                ["arguments"] = new Dictionary<string, object?> { ["city"] = "Paris", ["unit"] = "°C" },
            },
        };
        ChatMessage[] messages =
        [
            new("user", "Weather in Paris?"),
            new("assistant", "") { Extra = new Dictionary<string, object?> { ["tool_calls"] = new List<object?> { toolCall } } },
            new("tool", "{\"temp\": 21.5}"),
        ];
        var tools = new List<object?>
        {
            new Dictionary<string, object?>
            {
                ["type"] = "function",
                ["function"] = new Dictionary<string, object?>
                {
                    ["name"] = "get_weather",
                    ["description"] = "Weather for a city",
                    ["parameters"] = new Dictionary<string, object?>
                    {
                        ["type"] = "object",
                        ["properties"] = new Dictionary<string, object?> { ["city"] = new Dictionary<string, object?> { ["type"] = "string" } },
                        ["required"] = new[] { "city" },
                    },
                },
            },
        };
        // Expected output from Python Jinja2 3.1 with transformers' environment.
        const string expected =
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>\n{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Weather for a city\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}}}\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n<|im_start|>user\nWeather in Paris?<|im_end|>\n<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"unit\": \"°C\"}}\n</tool_call><|im_end|>\n<|im_start|>user\n<tool_response>\n{\"temp\": 21.5}\n</tool_response><|im_end|>\n<|im_start|>assistant\n";
        var rendering = template.Render(messages, addGenerationPrompt: true, eosToken: "<|im_end|>",
            extraVariables: new Dictionary<string, object?> { ["tools"] = tools });
        Assert.Equal(expected, rendering.Text);
        Assert.Empty(rendering.GenerationSpans);
    }

    [Fact]
    public void Extra_fields_may_not_replace_role_or_content()
    {
        var message = new ChatMessage("user", "x") { Extra = new Dictionary<string, object?> { ["content"] = "y" } };
        var error = Assert.Throws<WpoException>(() => new ChatTemplate("{{ messages }}").Render([message]));
        Assert.Contains("repeats 'content'", error.Message);
    }

    [Fact]
    public void Generation_spans_cover_the_text_of_each_generation_block()
    {
        var template = new ChatTemplate(
            "{% for m in messages %}{% if m.role == 'assistant' %}A: {% generation %}{{ m.content | trim }}<end>{% endgeneration %}\n" +
            "{% else %}{{ m.role[0] | upper }}: {{ m.content }}\n{% endif %}{% endfor %}");
        ChatRendering rendering = template.Render(Conversation);
        // trim_blocks drops the newline after {% endgeneration %}, as in transformers.
        Assert.Equal("S: Be terse.\nU: Hi\nA: Hello!<end>U: Bye\nA: Goodbye.<end>", rendering.Text);
        Assert.Equal(["Hello!<end>", "Goodbye.<end>"], rendering.GenerationSpans.Select(span => rendering.Text.Substring(span.Start, span.Length)));
    }

    [Fact]
    public void Generation_spans_of_a_real_training_template_mark_each_assistant_turn()
    {
        string file = Path.Combine(SharedFolders.Golden("chat_templates"), "templates", "llama3_training.jinja");
        var template = new ChatTemplate(File.ReadAllText(file), file);
        ChatRendering rendering = template.Render(Conversation, bosToken: "<|begin_of_text|>");
        string[] expected = Conversation.Where(m => m.Role == "assistant").Select(m => m.Content.Trim() + "<|eot_id|>").ToArray();
        Assert.Equal(expected, rendering.GenerationSpans.Select(span => rendering.Text.Substring(span.Start, span.Length)));
        Assert.StartsWith("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe terse.<|eot_id|>", rendering.Text);
    }

    [Theory]
    [InlineData("gemma_training.jinja", 66, 20, 145, 39)]
    [InlineData("llama3_training.jinja", 110, 16, 229, 35)]
    [InlineData("qwen2_5_training.jinja", 155, 22, 230, 37)]
    [InlineData("qwen3_training.jinja", 58, 40, 152, 36)]
    public void Generation_spans_match_transformers_assistant_tracker(string file, int start1, int length1, int start2, int length2)
    {
        // Spans from transformers' AssistantTracker (Python Jinja2 3.1) for the same conversation.
        string path = Path.Combine(SharedFolders.Golden("chat_templates"), "templates", file);
        ChatMessage[] messages = [new("user", "Hi there"), new("assistant", "  Hello!  "), new("user", "More"), new("assistant", "<think>\nr\n</think>\n\nSure.")];
        ChatRendering rendering = new ChatTemplate(File.ReadAllText(path), path).Render(messages, bosToken: "<s>");
        Assert.Equal([(start1, length1), (start2, length2)], rendering.GenerationSpans);
    }

    [Fact]
    public void Generation_blocks_render_their_body_without_spans_inside_captured_output()
    {
        var template = new ChatTemplate("{% set x %}{% generation %}inner{% endgeneration %}{% endset %}[{{ x }}]{% generation %}top{% endgeneration %}");
        ChatRendering rendering = template.Render([]);
        Assert.Equal("[inner]top", rendering.Text);
        Assert.Equal([(7, 3)], rendering.GenerationSpans);
    }

    [Fact]
    public void Raw_context_render_converts_dotnet_values()
    {
        var template = new ChatTemplate("{{ a }} {{ b }} {{ c }} {{ d }} {{ e }} {{ f }} {{ g | tojson }}");
        var context = new Dictionary<string, object?>
        {
            ["a"] = 3, ["b"] = 2.5f, ["c"] = true, ["d"] = null, ["e"] = new[] { 1, 2 }, ["f"] = 'x',
            ["g"] = new SortedDictionary<string, int> { ["z"] = 1, ["a"] = 2 },
        };
        Assert.Equal("3 2.5 True None [1, 2] x {\"a\": 2, \"z\": 1}", template.Render(context));
    }

    [Fact]
    public void Unsupported_context_types_are_named()
    {
        var error = Assert.Throws<WpoException>(() => new ChatTemplate("{{ x }}").Render(new Dictionary<string, object?> { ["x"] = new { A = 1 } }));
        Assert.Contains("Template variable x has type", error.Message);
    }

    [Fact]
    public void Strftime_now_reads_the_injected_clock_or_the_local_time()
    {
        const string source = "{{ strftime_now('%d %b %Y') }}";
        Assert.Equal("26 Jul 2024", new ChatTemplate(source) { Clock = () => Now }.Render([]).Text);
        string today = DateTime.Now.ToString("dd MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(today, new ChatTemplate(source).Render([]).Text);
    }

    [Fact]
    public void Errors_name_the_template()
    {
        var template = new ChatTemplate("{{ raise_exception('no') }}", "my-template.jinja");
        var error = Assert.Throws<TemplateException>(() => template.Render([]));
        Assert.Equal("Chat template error in 'my-template.jinja' at line 1, column 19: no", error.Message);
        var parseError = Assert.Throws<TemplateException>(() => new ChatTemplate("{% if %}", "bad.jinja"));
        Assert.Equal("bad.jinja", parseError.TemplateName);
    }
}
