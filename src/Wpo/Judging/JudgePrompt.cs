using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Wpo.Judging;

/// <summary>
/// The instruction an LLM judge scores one output with: a text holding <c>{prompt}</c> (the user's question) and
/// <c>{response}</c> (the output), replaced in one pass so braces inside either are left alone. The built-in one is
/// an additive 1–6 scale (a base point plus one per criterion met), written for this project after the paper's
/// description of its GPT-4-turbo scoring; the reply ends with <c>Score: N</c>.
/// </summary>
public sealed partial class JudgePrompt
{
    public const string Default = """
        Review the user's question and the response to it below, and score the response with the additive system described here. Every response starts with 1 point; add one more point for each of these criteria it meets:
        - Add a point if the response is relevant to the question and gives some information related to it, even if it is incomplete or has some irrelevant content.
        - Add another point if it deals with a substantial part of the question but does not fully resolve it or answer it directly.
        - Add a third point if it answers the basic elements of the question usefully, even if it reads more like a search result than an assistant's reply or leaves out some details.
        - Add a fourth point if it is clearly written from an AI assistant's perspective, answers the question directly and fully, and is well organized and helpful, even if it could be slightly clearer, more concise or more focused.
        - Add a fifth point if it is tailored to the question without extraneous information, reflects expert knowledge, and is an engaging, insightful answer of the highest quality.

        <question>
        {prompt}
        </question>

        <response>
        {response}
        </response>

        After examining the question and the response, justify your total in at most 100 words, then write the score on the last line, exactly as "Score: <total points>" (an integer from 1 to 6).
        """;

    public JudgePrompt(string template, string source)
    {
        foreach (string placeholder in new[] { "{prompt}", "{response}" })
            if (!template.Contains(placeholder, StringComparison.Ordinal))
                throw new WpoException($"{source}: a judge prompt must contain {placeholder} (the question is {{prompt}}, the output {{response}}).");
        Template = template;
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template)))[..16];
    }

    public static JudgePrompt BuiltIn { get; } = new(Default, "the built-in judge prompt");

    /// <summary>The prompt of a file (<c>--judge-prompt FILE</c>).</summary>
    public static JudgePrompt Load(string path) =>
        File.Exists(path) ? new JudgePrompt(File.ReadAllText(path), path) : throw new WpoException($"--judge-prompt {path}: file not found.");

    public string Template { get; }

    /// <summary>The first 16 hex digits of the template's SHA-256: a resumed run must use the same prompt.</summary>
    public string Fingerprint { get; }

    public string Format(string prompt, string response) =>
        Placeholder().Replace(Template, match => match.Value == "{prompt}" ? prompt : response);

    [GeneratedRegex(@"\{(?:prompt|response)\}")]
    private static partial Regex Placeholder();
}
