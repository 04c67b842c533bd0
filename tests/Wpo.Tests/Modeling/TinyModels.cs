using System.Text.Json.Nodes;
using Wpo.Modeling;
using static TorchSharp.torch;

namespace Wpo.Tests.Modeling;

/// <summary>Tiny configs of each architecture with every switch on (llama3 rope, window 5, soft-caps…), and random ids.</summary>
internal static class TinyModels
{
    public static readonly string[] Types = ["llama", "mistral", "qwen2", "gemma", "gemma2"];

    public static TheoryData<string> AllTypes() => new(Types);

    public static JsonObject Json(string modelType)
    {
        var json = new JsonObject
        {
            ["model_type"] = modelType,
            ["vocab_size"] = 61,
            ["hidden_size"] = 32,
            ["intermediate_size"] = 48,
            ["num_hidden_layers"] = 3,
            ["num_attention_heads"] = 4,
            ["num_key_value_heads"] = 2,
            ["rms_norm_eps"] = 1e-5,
            ["rope_theta"] = 10000.0,
            ["initializer_range"] = 0.2,
        };
        switch (modelType)
        {
            case "llama":
                json["rope_scaling"] = new JsonObject { ["rope_type"] = "llama3", ["factor"] = 8.0, ["low_freq_factor"] = 1.0, ["high_freq_factor"] = 4.0, ["original_max_position_embeddings"] = 16 };
                json["tie_word_embeddings"] = false;
                break;
            case "mistral":
                json["sliding_window"] = 5;
                break;
            case "qwen2":
                json["tie_word_embeddings"] = true;
                break;
            case "gemma":
                json["head_dim"] = 12;
                break;
            case "gemma2":
                json["num_hidden_layers"] = 4;
                json["head_dim"] = 16;
                json["query_pre_attn_scalar"] = 12;
                json["attn_logit_softcapping"] = 5.0;
                json["final_logit_softcapping"] = 3.0;
                json["sliding_window"] = 5;
                break;
        }
        return json;
    }

    public static ModelConfig Config(string modelType) => ModelConfig.Parse(Json(modelType), $"tiny {modelType}");

    public static CausalLM Create(string modelType, ScalarType dtype = ScalarType.Float32, long seed = 7) =>
        CausalLM.Create(Config(modelType), dtype, CPU, seed);

    public static Tensor RandomIds(long batch, long length, long vocab, long seed)
    {
        using var generator = new Generator((ulong)seed);
        return randint(0, vocab, [batch, length], generator: generator);
    }

    public static double MaxAbsDifference(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a.to(ScalarType.Float64) - b.to(ScalarType.Float64)).abs().max().item<double>();
    }

    /// <summary>Same shape, dtype and values (TorchSharp's <c>equal</c> is elementwise).</summary>
    public static bool Identical(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
    }
}
