using System.Text.Json.Nodes;

namespace Wpo.Modeling;

/// <summary>
/// Llama-shaped configurations, defined here so benchmarks, tests and the demo run without downloading a model:
/// <c>tiny</c> (≈19 M parameters, most of them the 32 000-token embedding and head), <c>small</c> (≈100 M),
/// <c>llama-3.2-1b</c> (Llama-3.2-1B's own config.json: 1.24 B, the head tied to the embedding) and
/// <c>llama-3.2-1b-untied</c> (its layers and vocabulary with a separate head, 1.50 B: the shape the peer benchmark
/// <c>peer_step_bench.py</c> builds), for measurements at a real model's scale.
/// </summary>
public static class ModelPresets
{
    static readonly Dictionary<string, string> Presets = new(StringComparer.Ordinal)
    {
        ["tiny"] = """
            {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": 32000, "hidden_size": 256,
             "intermediate_size": 688, "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 2,
             "max_position_embeddings": 2048, "rms_norm_eps": 1e-05, "rope_theta": 10000.0, "hidden_act": "silu",
             "initializer_range": 0.02, "tie_word_embeddings": false, "bos_token_id": 1, "eos_token_id": 2}
            """,
        ["small"] = """
            {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": 32000, "hidden_size": 768,
             "intermediate_size": 2048, "num_hidden_layers": 8, "num_attention_heads": 12, "num_key_value_heads": 4,
             "max_position_embeddings": 2048, "rms_norm_eps": 1e-05, "rope_theta": 10000.0, "hidden_act": "silu",
             "initializer_range": 0.02, "tie_word_embeddings": false, "bos_token_id": 1, "eos_token_id": 2}
            """,
        ["llama-3.2-1b"] = """
            {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": 128256, "hidden_size": 2048,
             "intermediate_size": 8192, "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8,
             "head_dim": 64, "max_position_embeddings": 131072, "rms_norm_eps": 1e-05, "rope_theta": 500000.0,
             "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0, "original_max_position_embeddings": 8192, "rope_type": "llama3"},
             "hidden_act": "silu", "initializer_range": 0.02, "tie_word_embeddings": true, "bos_token_id": 128000, "eos_token_id": 128001}
            """,
        ["llama-3.2-1b-untied"] = """
            {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": 128256, "hidden_size": 2048,
             "intermediate_size": 8192, "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8,
             "max_position_embeddings": 8192, "rms_norm_eps": 1e-05, "rope_theta": 10000.0, "hidden_act": "silu",
             "initializer_range": 0.02, "tie_word_embeddings": false, "bos_token_id": 128000, "eos_token_id": 128001}
            """,
    };

    public static IReadOnlyList<string> Names { get; } = Presets.Keys.ToArray();

    public static ModelConfig Get(string name) =>
        Presets.TryGetValue(name, out string? json)
            ? ModelConfig.Parse((JsonObject)JsonNode.Parse(json)!, $"preset '{name}'")
            : throw new WpoException($"Unknown model preset '{name}'; known: {string.Join(", ", Names)}.");
}
