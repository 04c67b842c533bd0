using Wpo.Data;
using Wpo.Generation;
using Wpo.Modeling;
using Wpo.Text;
using Wpo.Text.Jinja;
using static TorchSharp.torch;

namespace Wpo.Judging;

/// <summary>One conversation to continue: its messages and the position and sample that seed its draws (<see cref="RowRandom"/>).</summary>
public sealed record ChatRequest(IReadOnlyList<ChatMessage> Messages, long PromptIndex = 0, int Sample = 0);

/// <summary>
/// A local chat model (with an optional PEFT adapter and tokenizer directory) that continues conversations: the
/// messages in its chat template with the generation prompt, decoded in one batch by <see cref="SequenceGenerator"/>,
/// each reply cut at the model's EOS tokens, special tokens dropped and surrounding whitespace stripped.
/// </summary>
public sealed class LocalChatModel : IDisposable
{
    readonly PreferencePipeline pipeline;

    public LocalChatModel(string directory, string? adapter, string? tokenizerDirectory, ScalarType dtype)
    {
        Directory = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(Directory)) throw new WpoException($"{directory}: model directory not found.");
        if (adapter is not null && !System.IO.Directory.Exists(adapter)) throw new WpoException($"--adapter {adapter}: no such directory.");
        if (tokenizerDirectory is not null && !System.IO.Directory.Exists(tokenizerDirectory)) throw new WpoException($"--tokenizer {tokenizerDirectory}: no such directory.");
        pipeline = PreferencePipeline.Create(new DataConfig(), tokenizerDirectory is null ? Directory : Path.GetFullPath(tokenizerDirectory));
        Model = adapter is null ? CausalLM.Load(Directory, dtype, CPU) : CausalLM.Load(Directory, Path.GetFullPath(adapter), dtype, CPU);
        Model.eval();
        if (pipeline.Tokenizer.VocabularySize > Model.Config.VocabSize)
            throw new WpoException($"{tokenizerDirectory ?? directory}: the tokenizer has {pipeline.Tokenizer.VocabularySize} tokens, more than the model's vocab_size {Model.Config.VocabSize}.");
        Defaults = GenerationConfigFile.Read(Directory, Model.Config);
        EosTokenIds = [.. Defaults.EosTokenIds.Union(Model.Config.EosTokenIds).Union(pipeline.Tokenizer.EosId is int eos ? [(long)eos] : [])];
    }

    /// <summary>The model directory (full path).</summary>
    public string Directory { get; }

    public CausalLM Model { get; }

    /// <summary>The model's generation_config.json defaults.</summary>
    public SamplingSettings Defaults { get; }

    /// <summary>generation_config.json's, config.json's and the tokenizer's EOS ids together.</summary>
    public IReadOnlyList<long> EosTokenIds { get; }

    /// <summary>The replies to <paramref name="requests"/> with <paramref name="settings"/> (its EOS ids replaced by <see cref="EosTokenIds"/>).</summary>
    public IReadOnlyList<string> Reply(IReadOnlyList<ChatRequest> requests, SamplingSettings settings, Action<int>? stepped = null)
    {
        var tokenizer = pipeline.Tokenizer;
        var generator = new SequenceGenerator(Model, settings.Validate() with { EosTokenIds = EosTokenIds }, ids => tokenizer.Decode(ids, skipSpecialTokens: true));
        var sequences = generator.Generate([.. requests.Select(r => new GenerationRequest(Encode(r.Messages), r.PromptIndex, r.Sample))], stepped);
        return [.. sequences.Select(s => (s.Text ?? "").Trim())];
    }

    int[] Encode(IReadOnlyList<ChatMessage> messages)
    {
        try
        {
            return pipeline.Encoder.EncodeGenerationPrompt(messages);
        }
        catch (TemplateException e)
        {
            throw new WpoException($"{Directory}: the chat template failed: {e.Message}", e);
        }
    }

    public void Dispose() => Model.Dispose();
}
