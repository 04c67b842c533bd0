namespace Wpo.Cli.Eval;

/// <summary>FastChat's MT-bench files in <c>shared/data/mt_bench</c> (found by <see cref="SharedDataFile"/>).</summary>
static class MtBenchData
{
    public const string Questions = "shared/data/mt_bench/mt_bench/question.jsonl";

    public const string JudgePrompts = "shared/data/mt_bench/judge_prompts.jsonl";

    public const string References = "shared/data/mt_bench/mt_bench/reference_answer/gpt-4.jsonl";
}
