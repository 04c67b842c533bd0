using Wpo.Evaluation;
using Wpo.Judging;
using Wpo.Modeling;
using Wpo.Tests.Cli;
using Wpo.Text;
using static TorchSharp.torch;

namespace Wpo.Tests.Evaluation;

/// <summary>
/// The golden llama with <c>examples/tokenizer-211</c> as AlpacaEval's weighted judge: the identifier token ids, a
/// preference in [1, 2] that is deterministic and equal to p(m) and p(M) computed by hand from the model's full
/// logits, the switched order undone, and an adapter on the judge judging as the merged model.
/// </summary>
[Collection(nameof(ConsoleOutput))]
public sealed class AlpacaLocalJudgeTests
{


    static AlpacaLocalJudge Judge() => new(SharedFolders.GoldenLlama, null, SharedFolders.Tokenizer211, ScalarType.Float32, CPU);

    /// <summary>The first of some made-up instructions that AlpacaEval's seeded draw shows <paramref name="switched"/>.</summary>
    static string Instruction(bool switched) =>
        Enumerable.Range(0, 50).Select(i => $"Name a colour, {i}.").First(s => AlpacaOutputOrder.IsSwitched(s) == switched);

    /// <summary>2 − p(m) / (p(m) + p(M)) from the softmax of the model's logits over the whole prompt, last position.</summary>
    static double HandPreference(int[] ids)
    {
        var tokenizer = Tokenizer.Load(SharedFolders.Tokenizer211);
        using var model = CausalLM.Load(SharedFolders.GoldenLlama, ScalarType.Float32, CPU);
        using var noGrad = no_grad();
        using var logits = model.Forward(tensor(ids.Select(id => (long)id).ToArray(), [1, ids.Length]));
        double[] last = logits[0, ids.Length - 1].to(ScalarType.Float64).data<double>().ToArray();
        double max = last.Max();
        double[] p = [.. last.Select(l => Math.Exp(l - max))];
        double m = p[tokenizer.TokenToId("m")!.Value], bigM = p[tokenizer.TokenToId("M")!.Value];
        return 2 - m / (m + bigM);
    }

    [Fact]
    public void The_identifiers_are_the_tokens_m_and_M()
    {
        var tokenizer = Tokenizer.Load(SharedFolders.Tokenizer211);
        using var judge = Judge();
        Assert.Equal([tokenizer.TokenToId("m")!.Value], judge.FirstIds);
        Assert.Equal([tokenizer.TokenToId("M")!.Value], judge.SecondIds);
        Assert.StartsWith("weighted_alpaca_eval_gpt4_turbo (local ", judge.Annotator);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_preference_is_the_hand_computed_token_probabilities_with_the_switch_undone(bool switched)
    {
        string instruction = Instruction(switched);
        const string reference = "Blue, the colour of a clear sky.", model = "red";
        using var judge = Judge();
        var judgement = await judge.JudgeAsync(instruction, reference, model, CancellationToken.None);
        Assert.Equal(switched, judgement.Switched);
        Assert.Null(judgement.Error);
        double preference = judgement.Preference!.Value;
        Assert.InRange(preference, 1, 2);
        // The judge saw the model's output as "m" when switched: its preference on that order is undone as 3 − p.
        int[] seen = switched ? judge.PromptIds(instruction, model, reference) : judge.PromptIds(instruction, reference, model);
        // fp32 logits of the last position alone (the judge) and of all positions (by hand) agree to ~1e-8.
        Assert.Equal(AlpacaOutputOrder.Undo(HandPreference(seen), switched), preference, 6);
        Assert.Equal(preference, (await judge.JudgeAsync(instruction, reference, model, CancellationToken.None)).Preference);
        Assert.Equal(seen.Length, (int)judgement.RawCompletion!["prompt_tokens"]!);
    }

    [Fact]
    public async Task A_judge_with_an_adapter_judges_as_the_merged_model_and_not_as_the_base()
    {
        using var temp = new TemporaryFolder();
        var (adapter, merged) = AlpacaAdapterFixture.Write(SharedFolders.GoldenLlama, temp.Path);
        async Task<double> Preference(string model, string? withAdapter)
        {
            using var judge = new AlpacaLocalJudge(model, withAdapter, SharedFolders.Tokenizer211, ScalarType.Float32, CPU);
            return (await judge.JudgeAsync("Name a colour.", "Blue.", "red", CancellationToken.None)).Preference!.Value;
        }
        double adapted = await Preference(SharedFolders.GoldenLlama, adapter);
        // fp32: W·x + B·A·x·scaling and (W + scaling·B·A)·x agree to ~1e-6 after the prompt's 3 layers; the base is 1e-3 away or more.
        Assert.InRange(Math.Abs(await Preference(merged, null) - adapted), 0, 1e-5);
        Assert.True(Math.Abs(await Preference(SharedFolders.GoldenLlama, null) - adapted) > 1e-3);
    }

    [Fact]
    public void The_prompt_is_alpaca_evals_messages_in_the_chat_template()
    {
        var tokenizer = Tokenizer.Load(SharedFolders.Tokenizer211);
        using var judge = Judge();
        int[] ids = judge.PromptIds("Q?", "first", "second");
        string text = tokenizer.Decode(ids);
        Assert.StartsWith("<|im_start|>system\nYou are a highly efficient assistant", text);
        Assert.Contains("\"output\": \"\"\"first\"\"\"", text);
        Assert.EndsWith("## Best Model Identifier<|im_end|>\n<|im_start|>assistant\n", text);
    }
}
