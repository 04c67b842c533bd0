using Wpo.Rewards;
using Wpo.Scoring;
using Wpo.Text;
using static TorchSharp.torch;

namespace Wpo.Tests.Rewards;

/// <summary>Scoring text with a reward model: the chat template's conversation, batched scores equal to each conversation scored alone.</summary>
public sealed class RewardModelScorerTests
{
    [Fact]
    public async Task Batched_scores_of_conversations_equal_each_scored_alone()
    {
        using var folder = new TemporaryFolder();
        string directory = DemoTokenizerRewardModel.Write(folder.Path);
        using var scorer = new RewardModelScorer(directory, ScalarType.Float32, CPU, batchSize: 3);
        ScoreRequest[] requests = [.. new[] { "Paris.", "It is Lyon, a city in the south-east of France.", "I do not know.", "P", "The capital is Paris, on the Seine." }
            .Select(answer => new ScoreRequest("What is the capital of France?", [new ChatMessage("user", "What is the capital of France?")], answer, null))];
        IReadOnlyList<ScoreResult> results = await scorer.ScoreAsync(requests, TestContext.Current.CancellationToken);

        var tokenizer = Tokenizer.Load(directory);
        Assert.Equal("<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\nParis.<|im_end|>\n", tokenizer.Decode(scorer.Tokens(requests[0])));
        using var model = RewardModel.Load(directory, ScalarType.Float32, CPU);
        for (int i = 0; i < requests.Length; i++)
        {
            int[] ids = scorer.Tokens(requests[i]);
            using var input = tensor(ids.Select(id => (long)id).ToArray(), [1, ids.Length]);
            using var alone = model.Score(input);
            Assert.Equal(alone.item<float>(), results[i].Score!.Value, 1e-5);
        }
        Assert.NotEqual(results[0].Score, results[1].Score);
    }

    [Fact]
    public void A_causal_language_model_is_not_taken_for_a_reward_model()
    {
        string causal = Path.Combine(SharedFolders.Golden("models"), "qwen2");
        var error = Assert.Throws<WpoException>(() => RewardModel.Load(causal, ScalarType.Float32, CPU));
        Assert.Contains("is not a reward model", error.Message);
    }
}
