using Wpo.Data;

namespace Wpo.Tests.Data;

/// <summary>Prompts from preference rows (with the original pair), AlpacaEval instructions, prompt strings and message lists.</summary>
public sealed class PromptReaderTests
{
    static List<PromptRecord> Read(string path, BadRowLog? log = null) =>
        PromptReader.Read(path, null, BadRowPolicy.Skip, log ?? new BadRowLog()).ToList();

    [Fact]
    public void AlpacaEval_outputs_give_their_805_instructions()
    {
        var prompts = Read(SharedFolders.Data("alpaca_eval/results/gpt4_1106_preview/model_outputs.json"));
        Assert.Equal(805, prompts.Count);
        Assert.Equal("What are the names of some famous actors that started their careers on Broadway?", prompts[0].Prompt);
        Assert.Equal("user", Assert.Single(prompts[0].Messages).Role);
        Assert.Null(prompts[0].Original);
    }

    [Fact]
    public void Preference_rows_give_their_prompt_turns_and_keep_the_pair_and_its_scores()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("pairs.jsonl", """
            {"prompt": "Hi?", "chosen": [{"role": "user", "content": "Hi?"}, {"role": "assistant", "content": "Hello."}], "rejected": [{"role": "user", "content": "Hi?"}, {"role": "assistant", "content": "Go away."}], "score_chosen": 8.5, "score_rejected": 3}
            {"prompt": "Sum?", "chosen": [{"role": "user", "content": "Sum?"}, {"role": "assistant", "content": "4"}], "rejected": [{"role": "user", "content": "Sum?"}, {"role": "assistant", "content": "5"}]}
            """);
        var prompts = Read(path);
        Assert.Equal(2, prompts.Count);
        Assert.Equal("Hi?", prompts[0].Prompt);
        Assert.Equal("Hello.", Assert.Single(prompts[0].Original!.Chosen).Content);
        Assert.Equal("Go away.", Assert.Single(prompts[0].Original!.Rejected).Content);
        Assert.Equal(8.5, prompts[0].Original!.ScoreChosen);
        Assert.Equal(3.0, prompts[0].Original!.ScoreRejected);
        Assert.Null(prompts[1].Original!.ScoreChosen);
    }

    [Fact]
    public void Hh_transcripts_give_the_conversation_before_the_last_answer()
    {
        var prompts = Read(SharedFolders.Data("hh_rlhf/harmless-base/test.jsonl.gz")).Take(3).ToList();
        Assert.All(prompts, p => Assert.Equal("user", p.Messages[^1].Role));
        Assert.All(prompts, p => Assert.NotNull(p.Original));
    }

    [Fact]
    public void Prompt_strings_prompt_lists_messages_and_alpaca_inputs_are_read()
    {
        using var folder = new TemporaryFolder();
        Assert.Equal("Say hi", Read(folder.File("a.jsonl", """{"prompt": "Say hi"}"""))[0].Prompt);
        var listed = Read(folder.File("b.jsonl", """{"prompt": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Why?"}]}"""))[0];
        Assert.Equal(["system", "user"], listed.Messages.Select(m => m.Role));
        var messages = Read(folder.File("c.jsonl", """{"messages": [{"role": "user", "content": "One"}, {"role": "assistant", "content": "Two"}, {"role": "user", "content": "Three"}, {"role": "assistant", "content": "Four"}]}"""))[0];
        Assert.Equal(["One", "Two", "Three"], messages.Messages.Select(m => m.Content));
        Assert.Equal("Translate\nbonjour", Read(folder.File("d.jsonl", """{"instruction": "Translate", "input": "bonjour", "output": "hello"}"""))[0].Prompt);
    }

    [Fact]
    public void Rows_without_a_prompt_are_skipped_and_counted_and_a_file_without_prompts_is_an_error()
    {
        using var folder = new TemporaryFolder();
        var log = new BadRowLog();
        var prompts = Read(folder.File("a.jsonl", "{\"prompt\": \"ok\"}\n{\"prompt\": null}\n{\"prompt\": \"  \"}\n"), log);
        Assert.Single(prompts);
        Assert.Equal(2, log.Count);
        string path = folder.File("b.jsonl", """{"text": "x"}""");
        var error = Assert.Throws<WpoException>(() => Read(path));
        Assert.Contains("b.jsonl: no prompts in the first row's keys (text)", error.Message);
    }
}
