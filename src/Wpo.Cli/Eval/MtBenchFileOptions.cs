using System.CommandLine;
using Spectre.Console;
using Wpo.Evaluation;

namespace Wpo.Cli.Eval;

/// <summary>FastChat's MT-bench data as <c>wpo eval mt-bench</c> and <c>mt-bench-pair</c> read it.</summary>
sealed record MtBenchInputs(IReadOnlyList<MtBenchQuestion> Questions, IReadOnlyDictionary<string, MtBenchJudgePrompt> Prompts, IReadOnlyDictionary<int, IReadOnlyList<string>> References)
{
    public IReadOnlyDictionary<int, string> Categories => Questions.ToDictionary(q => q.QuestionId, q => q.Category);
}

/// <summary>The data flags of the MT-bench commands: questions, judge prompts and reference answers (FastChat's files by default).</summary>
sealed class MtBenchFileOptions
{
    readonly Option<string?> questions = new("--questions") { Description = $"FastChat's question.jsonl; default: ../{MtBenchData.Questions}, searched above the working directory and the CLI." };
    readonly Option<string?> prompts = new("--judge-prompts") { Description = $"FastChat's judge_prompts.jsonl; default: ../{MtBenchData.JudgePrompts}." };
    readonly Option<string?> references = new("--references") { Description = $"The reference answers of the math, reasoning and coding questions; default: ../{MtBenchData.References}." };

    public IEnumerable<Option> All => [questions, prompts, references];

    /// <summary>The files the flags name, the questions cut to the first <paramref name="limit"/>.</summary>
    public MtBenchInputs Read(ParseResult parse, int? limit)
    {
        if (limit is < 1) throw new WpoException($"--limit must be at least 1 (got {limit}).");
        var all = MtBenchQuestion.Read(SharedDataFile.Find(parse.GetValue(questions), MtBenchData.Questions, "--questions"));
        return new MtBenchInputs([.. all.Take(limit ?? int.MaxValue)],
            MtBenchJudgePrompt.Read(SharedDataFile.Find(parse.GetValue(prompts), MtBenchData.JudgePrompts, "--judge-prompts")),
            MtBenchQuestion.ReadReferences(SharedDataFile.Find(parse.GetValue(references), MtBenchData.References, "--references")));
    }

    /// <summary>The exit code: 0, or 1 with a note when judge requests failed (those matches are left for a rerun).</summary>
    public static int Finish(IAnsiConsole console, int failed)
    {
        if (failed == 0) return 0;
        console.MarkupLineInterpolated($"[yellow]{failed} matches not judged[/] (the judge request failed after its retries); rerun the same command to ask them again.");
        return 1;
    }
}
