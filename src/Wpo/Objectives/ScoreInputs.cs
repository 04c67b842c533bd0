using static TorchSharp.torch;

namespace Wpo.Objectives;

/// <summary>Checks the inputs of <see cref="SequenceScores.Compute"/> and says which tensor is wrong and how.</summary>
internal static class ScoreInputs
{
    static readonly ScalarType[] FloatingTypes = [ScalarType.BFloat16, ScalarType.Float16, ScalarType.Float32, ScalarType.Float64];

    public static void Validate(Tensor hidden, Tensor lmHeadWeight, Tensor labels, ScoreOptions options)
    {
        if (hidden.dim() != 3)
            throw new WpoException($"hidden: expected [rows, seq, hidden] final hidden states, got shape {Shape(hidden)}.");
        if (lmHeadWeight.dim() != 2 || lmHeadWeight.shape[1] != hidden.shape[2])
            throw new WpoException($"lm_head weight: expected [vocab, {hidden.shape[2]}] to match the hidden size, got shape {Shape(lmHeadWeight)}.");
        if (labels.dim() != 2 || labels.shape[0] != hidden.shape[0] || labels.shape[1] != hidden.shape[1])
            throw new WpoException($"labels: expected [{hidden.shape[0]}, {hidden.shape[1]}] like the hidden states' [rows, seq], got shape {Shape(labels)}.");
        if (labels.dtype != ScalarType.Int64)
            throw new WpoException($"labels: expected int64 token ids (−100 = ignored), got {labels.dtype}.");
        if (!FloatingTypes.Contains(hidden.dtype) || lmHeadWeight.dtype != hidden.dtype)
            throw new WpoException($"hidden ({hidden.dtype}) and lm_head weight ({lmHeadWeight.dtype}) must share one floating dtype (bfloat16, float16, float32 or float64).");
        if (!SameDevice(lmHeadWeight, hidden) || !SameDevice(labels, hidden))
            throw new WpoException($"hidden ({hidden.device}), lm_head weight ({lmHeadWeight.device}) and labels ({labels.device}) must be on one device.");
        if (options.Chunked && options.ChunkSize <= 0)
            throw new WpoException($"chunk size must be positive, got {options.ChunkSize}.");
        if (options.LogitSoftcap is double cap && !(cap > 0 && double.IsFinite(cap)))
            throw new WpoException($"logit soft-cap must be a positive number (Gemma 2 uses 30), got {cap}.");
    }

    static bool SameDevice(Tensor a, Tensor b) => a.device_type == b.device_type && a.device_index == b.device_index;

    static string Shape(Tensor tensor) => $"[{string.Join(", ", tensor.shape)}]";
}
