using System.Text.Json.Nodes;
using Wpo.Modeling;
using Wpo.Scoring;
using Wpo.Text;
using static TorchSharp.torch;

namespace Wpo.Rewards;

/// <summary>
/// Scores outputs with a reward model directory: each conversation (the messages, then the output as the assistant's
/// turn) rendered with the directory's chat template and tokenized as transformers' <c>apply_chat_template(tokenize=True)</c>
/// does (no extra special tokens: the template writes them), then scored in length-sorted batches.
/// </summary>
public sealed class RewardModelScorer : IOutputScorer, IDisposable
{
    readonly RewardModel model;
    readonly Tokenizer tokenizer;
    readonly string directory;
    readonly int batchSize;

    public RewardModelScorer(string directory, ScalarType dtype, Device device, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        this.directory = Path.GetFullPath(directory);
        this.batchSize = batchSize;
        tokenizer = Tokenizer.Load(directory);
        if (tokenizer.ChatTemplate is null)
            throw new WpoException($"{directory}: the reward model has no chat template (chat_template.jinja or \"chat_template\" in {TokenizerConfig.FileName}) to render conversations with.");
        model = RewardModel.Load(directory, dtype, device);
        if (model.Labels != 1)
            throw new WpoException($"{Path.Combine(directory, ModelConfig.FileName)}: the head has {model.Labels} labels; a reward model for wpo score has one (num_labels 1).");
    }

    /// <summary>The token ids a conversation ending with <paramref name="request"/>'s output is scored on.</summary>
    public int[] Tokens(ScoreRequest request) =>
        tokenizer.Encode(tokenizer.ApplyChatTemplate([.. request.Messages, new ChatMessage("assistant", request.Output)]));

    public JsonObject Describe() => new()
    {
        ["kind"] = "reward_model",
        ["model"] = directory,
        ["dtype"] = TorchDTypeName.Of(model.DType),
    };

    public Task<IReadOnlyList<ScoreResult>> ScoreAsync(IReadOnlyList<ScoreRequest> requests, CancellationToken cancel)
    {
        double[] scores = RewardBatches.Score(model, [.. requests.Select(Tokens)], batchSize);
        return Task.FromResult<IReadOnlyList<ScoreResult>>([.. scores.Select(score => new ScoreResult(score))]);
    }

    public void Dispose() => model.Dispose();
}
