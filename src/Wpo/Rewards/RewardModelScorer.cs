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
    readonly string? tokenizerDirectory;
    readonly string? adapterDirectory;
    readonly int batchSize;

    /// <remarks>
    /// <paramref name="tokenizerDirectory"/>: the tokenizer and chat template, when not the model directory's;
    /// <paramref name="adapterDirectory"/>: a PEFT LoRA adapter on the decoder (see <see cref="RewardModel.Load(string, string, ScalarType, Device)"/>).
    /// </remarks>
    public RewardModelScorer(string directory, ScalarType dtype, Device device, int batchSize, string? tokenizerDirectory = null, string? adapterDirectory = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        this.directory = Path.GetFullPath(directory);
        this.tokenizerDirectory = tokenizerDirectory is null ? null : Path.GetFullPath(tokenizerDirectory);
        this.adapterDirectory = adapterDirectory is null ? null : Path.GetFullPath(adapterDirectory);
        this.batchSize = batchSize;
        string tokenizerSource = tokenizerDirectory ?? directory;
        tokenizer = Tokenizer.Load(tokenizerSource);
        if (tokenizer.ChatTemplate is null)
            throw new WpoException($"{tokenizerSource}: the reward model's tokenizer has no chat template (chat_template.jinja or \"chat_template\" in {TokenizerConfig.FileName}) to render conversations with.");
        model = adapterDirectory is null ? RewardModel.Load(directory, dtype, device) : RewardModel.Load(directory, adapterDirectory, dtype, device);
        if (tokenizer.VocabularySize > model.Config.VocabSize)
            throw new WpoException($"{tokenizerSource}: the tokenizer has {tokenizer.VocabularySize} tokens, more than the reward model's vocab_size {model.Config.VocabSize}.");
        if (model.Labels != 1)
            throw new WpoException($"{Path.Combine(directory, ModelConfig.FileName)}: the head has {model.Labels} labels; a reward model for wpo score has one (num_labels 1).");
    }

    /// <summary>The token ids a conversation ending with <paramref name="request"/>'s output is scored on.</summary>
    public int[] Tokens(ScoreRequest request) =>
        tokenizer.Encode(tokenizer.ApplyChatTemplate([.. request.Messages, new ChatMessage("assistant", request.Output)]));

    public JsonObject Describe()
    {
        var description = new JsonObject
        {
            ["kind"] = "reward_model",
            ["model"] = directory,
            ["dtype"] = TorchDTypeName.Of(model.DType),
        };
        if (adapterDirectory is not null) description["adapter"] = adapterDirectory;
        if (tokenizerDirectory is not null) description["tokenizer"] = tokenizerDirectory;
        return description;
    }

    public Task<IReadOnlyList<ScoreResult>> ScoreAsync(IReadOnlyList<ScoreRequest> requests, CancellationToken cancel)
    {
        double[] scores = RewardBatches.Score(model, [.. requests.Select(Tokens)], batchSize);
        return Task.FromResult<IReadOnlyList<ScoreResult>>([.. scores.Select(score => new ScoreResult(score))]);
    }

    public void Dispose() => model.Dispose();
}
