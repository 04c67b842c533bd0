using System.Collections.Concurrent;
using System.Text.Json;
using Wpo.Text;
using Wpo.Text.Jinja;

namespace Wpo.Tests.Text;

/// <summary>
/// Every case of goldens/chat_templates/cases.jsonl (rendered by Python Jinja2 configured as transformers does):
/// the output must match byte for byte, and a case with an <c>error</c> must raise.
/// </summary>
public sealed class ChatTemplateGoldenTests
{
    static readonly DateTime GoldenNow = new(2024, 7, 26, 9, 30, 0);
    static readonly ConcurrentDictionary<string, ChatTemplate> Templates = new();
    static readonly Lazy<string[]> CaseLines = new(() => File.ReadAllLines(CasesFile));

    static string CasesFile => Path.Combine(SharedFolders.GoldensRoot, "chat_templates", "cases.jsonl");

    public static IEnumerable<TheoryDataRow<int, string, string, bool>> Cases()
    {
        if (!File.Exists(CasesFile))
        {
            yield return new TheoryDataRow<int, string, string, bool>(0, "(golden folder absent)", "", false);
            yield break;
        }
        int line = 0;
        foreach (string text in File.ReadLines(CasesFile))
        {
            line++;
            if (text.Length == 0) continue;
            using var document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            yield return new TheoryDataRow<int, string, string, bool>(line, root.GetProperty("template").GetString()!,
                root.GetProperty("conversation").GetString()!, root.GetProperty("context").GetProperty("add_generation_prompt").GetBoolean());
        }
    }

    [Theory, Trait("Category", "Golden")]
    [MemberData(nameof(Cases))]
    public void Renders_like_Jinja2(int line, string template, string conversation, bool addGenerationPrompt)
    {
        string folder = SharedFolders.Golden("chat_templates");
        using var document = JsonDocument.Parse(CaseLines.Value[line - 1]);
        JsonElement root = document.RootElement;
        Assert.Equal(template, root.GetProperty("template").GetString());
        Assert.Equal(conversation, root.GetProperty("conversation").GetString());
        var context = root.GetProperty("context").EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        Assert.Equal(addGenerationPrompt, context["add_generation_prompt"] is JsonElement { ValueKind: JsonValueKind.True });
        ChatTemplate chatTemplate = Templates.GetOrAdd(template, file =>
            new ChatTemplate(File.ReadAllText(Path.Combine(folder, "templates", file)), file) { Clock = () => GoldenNow });

        if (root.TryGetProperty("error", out JsonElement error))
        {
            var thrown = Assert.Throws<TemplateException>(() => chatTemplate.Render(context));
            string expectedMessage = error.GetString()!;
            Assert.Contains(expectedMessage[(expectedMessage.IndexOf(": ", StringComparison.Ordinal) + 2)..], thrown.Message);
            Assert.Equal(template, thrown.TemplateName);
            return;
        }
        Assert.Equal(root.GetProperty("expected").GetString(), chatTemplate.Render(context));
    }
}
