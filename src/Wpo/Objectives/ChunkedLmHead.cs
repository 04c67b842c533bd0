using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Wpo.Objectives;

/// <summary>
/// The LM head over labelled positions in chunks, as a custom autograd function: forward keeps per-position
/// statistics (log p(label), log D and logsumexp) and the last chunk's raw logits, backward recomputes
/// the other chunks' logits, so memory is O(chunk × vocab) and [positions, vocab] logits never exist.
/// </summary>
internal sealed class ChunkedLmHead : autograd.MultiTensorFunction<ChunkedLmHead>
{
    sealed record Settings(Alignment Alignment, int ChunkSize, double? Softcap);

    const string SettingsKey = "settings";
    const string RawHoldsLastChunkKey = "raw holds the last chunk";

    public override string Name => nameof(ChunkedLmHead);

    /// <summary>Scores the labelled positions.</summary>
    /// <param name="hidden">[L, H]: the hidden state of each predicting position.</param>
    /// <param name="weight">[V, H]: the LM head, same dtype as <paramref name="hidden"/>.</param>
    /// <param name="labels">[L] int64: the token each position predicts.</param>
    /// <param name="options">Alignment, chunk size and soft-cap.</param>
    public static TokenScores Score(Tensor hidden, Tensor weight, Tensor labels, ScoreOptions options)
    {
        var outputs = apply(hidden, weight, labels, new Settings(options.Alignment, options.ChunkSize, options.LogitSoftcap));
        return new TokenScores(outputs[0], outputs[1]);
    }

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (hidden, weight, labels, settings) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2], (Settings)vars[3]);
        using var callScope = NewDisposeScope();
        long positions = hidden.shape[0];
        var logps = empty(positions, TokenScores.ComputeType(hidden.dtype), hidden.device);
        var logAlignmentDenominators = empty_like(logps);
        var logSumExp = empty_like(logps);
        var buffers = ChunkBuffers.Create(positions, weight.shape[0], settings.ChunkSize, hidden.dtype, hidden.device);
        foreach (var (start, count) in ChunkBuffers.Ranges(positions, settings.ChunkSize))
        {
            using var chunkScope = NewDisposeScope();
            buffers.RawRows(count).addmm_(hidden.narrow(0, start, count), weight.t(), beta: 0, alpha: 1);
            foreach (var (offset, raw, work) in buffers.Blocks(count))
            {
                using var scope = NewDisposeScope();
                long at = start + offset, rows = raw.shape[0];
                LogitChunk.FinalLogits(raw, work, settings.Softcap);
                var statistics = LogitChunk.Statistics(work, labels.narrow(0, at, rows), settings.Alignment);
                logps.narrow(0, at, rows).copy_(statistics.Logps);
                logAlignmentDenominators.narrow(0, at, rows).copy_(statistics.LogAlignmentDenominators);
                logSumExp.narrow(0, at, rows).copy_(statistics.LogSumExp);
            }
        }
        // The raw buffer still holds the last chunk's logits: backward starts there and skips that chunk's matmul,
        // at no cost in peak memory (backward needs the buffer anyway).
        ctx.save_for_backward([hidden, weight, labels, logSumExp, buffers.Raw]);
        ctx.save_data(SettingsKey, settings);
        ctx.save_data(RawHoldsLastChunkKey, new StrongBox<bool>(true));
        // No zero-filled gradients for unused outputs: TorchSharp would build them from per-output templates it
        // registers in the caller's dispose scope, which may be gone by the time backward runs.
        ctx.set_materialize_grads(false);
        ctx.mark_non_differentiable([logAlignmentDenominators]);
        callScope.MoveToOuter(logps, logAlignmentDenominators, logSumExp, buffers.Raw);
        return [logps, logAlignmentDenominators];
    }

    /// <returns>One gradient per forward argument (hidden, weight, labels, settings); null where none flows.</returns>
    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> gradients)
    {
        if (gradients[0].IsInvalid) return [null!, null!, null!, null!];
        // Opened before unpacking: on CUDA the engine calls backward on a worker thread without a dispose scope, where
        // the unpacked handles (the last chunk's logits among them) would hold device memory until the GC ran.
        using var callScope = NewDisposeScope();
        var saved = ctx.get_saved_variables();
        var (hidden, weight, labels, logSumExp, lastChunkLogits) = (saved[0], saved[1], saved[2], saved[3], saved[4]);
        var settings = (Settings)ctx.get_data(SettingsKey);
        var upstream = gradients[0].to(logSumExp.dtype);
        var hiddenGradient = hidden.requires_grad ? empty_like(hidden) : null;
        // A leaf head's gradient is accumulated in place into its .grad, chunk by chunk (Megatron-LM's
        // "gradient accumulation fusion"): a [V, H] gradient returned through autograd would be a transient
        // as large as the weight, and libtorch copies it once more when .grad is unset, because the .NET
        // wrapper still references the returned tensor. A non-leaf head gets its gradient returned.
        bool accumulateInPlace = weight.requires_grad && weight.is_leaf;
        var weightGradient = !weight.requires_grad ? null
            : accumulateInPlace ? weight.grad ?? SetZeroGradient(weight)
            : zeros_like(weight);
        // Backward overwrites the saved raw buffer through an alias with its own version counter, so that a second
        // backward through a retained graph can still unpack it (and then recomputes the last chunk too): an exception
        // here, in a callback from the native engine, would abort the process.
        var rawHoldsLastChunk = (StrongBox<bool>)ctx.get_data(RawHoldsLastChunkKey);
        bool rawHoldsChunk = rawHoldsLastChunk.Value;
        rawHoldsLastChunk.Value = false;
        var rawAlias = empty(0, lastChunkLogits.dtype, lastChunkLogits.device).set_(lastChunkLogits);
        long positions = hidden.shape[0];
        var buffers = ChunkBuffers.Create(positions, weight.shape[0], settings.ChunkSize, hidden.dtype, hidden.device, rawAlias);
        foreach (var (start, count) in ChunkBuffers.Ranges(positions, settings.ChunkSize).Reverse())
        {
            using var chunkScope = NewDisposeScope();
            var chunkHidden = hidden.narrow(0, start, count);
            if (!rawHoldsChunk) buffers.RawRows(count).addmm_(chunkHidden, weight.t(), beta: 0, alpha: 1);
            rawHoldsChunk = false;
            foreach (var (offset, raw, work) in buffers.Blocks(count))
            {
                using var scope = NewDisposeScope();
                long at = start + offset, rows = raw.shape[0];
                LogitChunk.FinalLogits(raw, work, settings.Softcap);
                LogitChunk.LogpGradient(work, raw, labels.narrow(0, at, rows), logSumExp.narrow(0, at, rows),
                    upstream.narrow(0, at, rows), settings.Softcap);
                raw.copy_(work);
            }
            var logitGradient = buffers.RawRows(count);
            hiddenGradient?.narrow(0, start, count).addmm_(logitGradient, weight, beta: 0, alpha: 1);
            weightGradient?.addmm_(logitGradient.t(), chunkHidden, beta: 1, alpha: 1);
        }
        if (hiddenGradient is not null) callScope.MoveToOuter(hiddenGradient);
        if (weightGradient is not null && !accumulateInPlace) callScope.MoveToOuter(weightGradient);
        return [hiddenGradient!, accumulateInPlace ? null! : weightGradient!, null!, null!];
    }

    static Tensor SetZeroGradient(Tensor weight)
    {
        weight.grad = zeros_like(weight);
        return weight.grad!;
    }
}
