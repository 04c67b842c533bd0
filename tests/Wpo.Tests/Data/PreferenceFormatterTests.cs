using Wpo.Data;
using Wpo.Text;

namespace Wpo.Tests.Data;

public class PreferenceFormatterTests
{
    const string Bos = "<s>";

    // A ChatML-like template that names no "system" role and has no <|im_start|>: the system turn must not be added.
    const string Plain = "{{ bos_token }}{% for m in messages %}[{{ m['role'] }}]{{ m['content'] }}[end]{% endfor %}{% if add_generation_prompt %}[assistant]{% endif %}";

    // The same with a system branch, so an empty system turn is inserted.
    const string WithSystem = "{% for m in messages %}{% if m['role'] == 'system' %}<sys>{{ m['content'] }}</sys>{% else %}[{{ m['role'] }}]{{ m['content'] }}[end]{% endif %}{% endfor %}{% if add_generation_prompt %}[assistant]{% endif %}";

    static PreferenceFormatter Formatter(string source, bool autoInsert = true, PromptLayout layout = PromptLayout.Seed)
    {
        var template = new ChatTemplate(source);
        return new PreferenceFormatter(source, (messages, generation) => ChatText.Plain(template.Render(messages, generation, Bos, "</s>").Text), Bos, autoInsert, layout);
    }

    static PreferenceRecord Record(params ChatMessage[] prompt) =>
        new(prompt, [new ChatMessage("assistant", "yes")], [new ChatMessage("assistant", "no")], new RowOrigin("f", 3));

    [Fact]
    public void SeedLayoutStripsTheBosStringFromAnswers()
    {
        FormattedPair text = Formatter(Plain).Format(Record(new ChatMessage("user", "q")));
        Assert.Equal("<s>[user]q[end]", text.Prompt.Text);
        Assert.Equal("[assistant]yes[end]", text.Chosen.Text);
        Assert.Equal("[assistant]no[end]", text.Rejected.Text);
    }

    [Fact]
    public void TheGenerationPromptIsThePromptAsTrainedFollowedByTheAssistantHeader()
    {
        Assert.Equal("<sys></sys>[user]q[end][assistant]", Formatter(WithSystem).GenerationPrompt([new ChatMessage("user", "q")]).Text);
        Assert.Equal("<s>[user]q[end][assistant]", Formatter(Plain).GenerationPrompt([new ChatMessage("user", "q")]).Text);
    }

    [Fact]
    public void AnEmptySystemTurnOnlyForTemplatesThatMentionSystem()
    {
        Assert.Equal("<sys></sys>[user]q[end]", Formatter(WithSystem).Format(Record(new ChatMessage("user", "q"))).Prompt.Text);
        Assert.Equal("[user]q[end]", Formatter(WithSystem, autoInsert: false).Format(Record(new ChatMessage("user", "q"))).Prompt.Text);
        Assert.Equal("<sys>be brief</sys>[user]q[end]",
            Formatter(WithSystem).Format(Record(new ChatMessage("system", "be brief"), new ChatMessage("user", "q"))).Prompt.Text);
        const string ChatMl = "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}";
        Assert.StartsWith("<|im_start|>system\n<|im_end|>", Formatter(ChatMl).Format(Record(new ChatMessage("user", "q"))).Prompt.Text);
    }

    [Fact]
    public void GenerationPromptLayoutPutsTheAssistantHeaderInThePrompt()
    {
        FormattedPair text = Formatter(Plain, layout: PromptLayout.GenerationPrompt).Format(Record(new ChatMessage("user", "q")));
        Assert.Equal("<s>[user]q[end][assistant]", text.Prompt.Text);
        Assert.Equal("yes[end]", text.Chosen.Text);
        Assert.Equal("no[end]", text.Rejected.Text);
    }

    [Fact]
    public void ATemplateErrorNamesTheRow()
    {
        // Gemma's template: it mentions "system" (so an empty system turn is inserted) and then refuses one.
        const string NoSystem = "{% for m in messages %}{% if m['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{{ m['content'] }}{% endfor %}";
        var error = Assert.Throws<WpoException>(() => Formatter(NoSystem).Format(Record(new ChatMessage("user", "q"))));
        Assert.Contains("f row 3", error.Message);
        Assert.Contains("System role not supported", error.Message);
    }

    [Fact]
    public void GenerationPromptLayoutFailsWhenThePromptIsNotAPrefix()
    {
        string differentHeader = Plain.Replace("[assistant]{% endif %}", "[bot]{% endif %}");
        var error = Assert.Throws<WpoException>(() => Formatter(differentHeader, layout: PromptLayout.GenerationPrompt).Format(Record(new ChatMessage("user", "q"))));
        Assert.Contains("f row 3", error.Message);
        Assert.Contains("prompt_layout: seed", error.Message);
    }
}
