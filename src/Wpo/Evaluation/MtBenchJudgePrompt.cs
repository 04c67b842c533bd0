using System.Text.RegularExpressions;

namespace Wpo.Evaluation;

/// <summary>
/// One of FastChat's judge prompts (<c>judge_prompts.jsonl</c>): its name, type (single or pairwise), system prompt,
/// template with Python <c>str.format</c> fields and output format.
/// </summary>
public sealed partial record MtBenchJudgePrompt(string Name, string Type, string SystemPrompt, string Template, string OutputFormat)
{
    /// <summary>The prompts of a <c>judge_prompts.jsonl</c> by name.</summary>
    public static IReadOnlyDictionary<string, MtBenchJudgePrompt> Read(string path) =>
        MtBenchRows.Read(path, row => new MtBenchJudgePrompt(MtBenchRows.Text(row, "name"), MtBenchRows.Text(row, "type"),
            MtBenchRows.Text(row, "system_prompt"), MtBenchRows.Text(row, "prompt_template"), MtBenchRows.Text(row, "output_format")))
            .ToDictionary(p => p.Name);

    /// <summary>
    /// The template with each <c>{field}</c> replaced in one pass, as <c>str.format</c> does (<c>{{</c> and <c>}}</c>
    /// are literal braces); a field the template names but <paramref name="fields"/> lacks is a <see cref="WpoException"/>.
    /// </summary>
    public string Format(IReadOnlyDictionary<string, string> fields) =>
        Field().Replace(Template, match => match.Value switch
        {
            "{{" => "{",
            "}}" => "}",
            _ => fields.TryGetValue(match.Groups[1].Value, out string? value)
                ? value
                : throw new WpoException($"judge prompt {Name}: the template needs {{{match.Groups[1].Value}}}, which this question does not give."),
        });

    [GeneratedRegex(@"\{\{|\}\}|\{(\w+)\}")]
    private static partial Regex Field();
}
