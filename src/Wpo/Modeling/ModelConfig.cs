using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wpo.Modeling;

/// <summary>The feed-forward activation (<c>hidden_act</c>, or <c>hidden_activation</c> for Gemma).</summary>
public enum HiddenActivation
{
    Silu,

    /// <summary>GELU with the tanh approximation (<c>gelu_pytorch_tanh</c>, <c>gelu_new</c>).</summary>
    GeluTanh,

    /// <summary>Exact GELU with erf (<c>gelu</c>).</summary>
    Gelu,
}

/// <summary>
/// The architecture of a decoder-only model, read from a Hugging Face <c>config.json</c>. One set of switches
/// covers llama, mistral, qwen2, gemma and gemma2; keys that are absent take the defaults of transformers'
/// config classes. The JSON it was read from is kept, so a saved model writes back every key it had.
/// </summary>
public sealed record ModelConfig
{
    public const string FileName = "config.json";

    public static IReadOnlyList<string> SupportedModelTypes { get; } = ["llama", "mistral", "qwen2", "gemma", "gemma2"];

    public required string ModelType { get; init; }
    public required int VocabSize { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int NumHiddenLayers { get; init; }
    public required int NumAttentionHeads { get; init; }
    public required int NumKeyValueHeads { get; init; }
    public required int HeadDim { get; init; }
    public required double RmsNormEps { get; init; }
    public required double RopeTheta { get; init; }
    public RopeScaling? RopeScaling { get; init; }
    public required HiddenActivation Activation { get; init; }
    public required double InitializerRange { get; init; }
    public required bool TieWordEmbeddings { get; init; }

    /// <summary>Bias on q_proj, k_proj and v_proj (qwen2; llama and gemma with <c>attention_bias</c>).</summary>
    public bool QkvBias { get; init; }

    /// <summary>Bias on o_proj (llama and gemma with <c>attention_bias</c>).</summary>
    public bool OutputBias { get; init; }

    /// <summary>Bias on gate_proj, up_proj and down_proj (llama's <c>mlp_bias</c>).</summary>
    public bool MlpBias { get; init; }

    /// <summary>Gemma: RMSNorm scales by (1 + weight), and embeddings are multiplied by √hidden_size.</summary>
    public bool GemmaNorms { get; init; }

    /// <summary>Gemma 2: the attention and feed-forward outputs are normalised again before the residual add.</summary>
    public bool SandwichNorms { get; init; }

    /// <summary>Keys a query may see on a sliding layer: itself and the previous <c>SlidingWindow − 1</c> (transformers' convention).</summary>
    public int? SlidingWindow { get; init; }

    /// <summary>
    /// Per layer, whether it uses the window: <c>layer_types</c> when the config lists them, otherwise every layer for
    /// mistral, the even layers for gemma2, and layers from <c>max_window_layers</c> on for qwen2.
    /// </summary>
    public IReadOnlyList<bool> SlidingLayers { get; init; } = [];

    /// <summary>Gemma 2: scores are scaled by <c>query_pre_attn_scalar^-1/2</c> instead of <c>head_dim^-1/2</c>.</summary>
    public double? QueryPreAttnScalar { get; init; }

    /// <summary>Gemma 2: attention scores become <c>cap · tanh(scores / cap)</c> before the mask.</summary>
    public double? AttnLogitSoftcapping { get; init; }

    /// <summary>Gemma 2: logits become <c>cap · tanh(logits / cap)</c>.</summary>
    public double? FinalLogitSoftcapping { get; init; }

    public long? PadTokenId { get; init; }
    public IReadOnlyList<long> EosTokenIds { get; init; } = [];

    /// <summary>The JSON this config was read from (written back, with <c>torch_dtype</c> updated, on save).</summary>
    public JsonObject Json { get; init; } = [];

    /// <summary>Where the config came from, for messages.</summary>
    public string Source { get; init; } = FileName;

    /// <summary>Multiplier of q·k: <c>query_pre_attn_scalar^-1/2</c> for Gemma 2, otherwise <c>head_dim^-1/2</c>.</summary>
    public double AttentionScale => 1.0 / Math.Sqrt(QueryPreAttnScalar ?? HeadDim);

    public bool IsSlidingLayer(int layer) => SlidingWindow is not null && SlidingLayers[layer];

    /// <summary>The transformers class name written to <c>architectures</c>.</summary>
    public string ArchitectureName => ModelType switch
    {
        "llama" => "LlamaForCausalLM",
        "mistral" => "MistralForCausalLM",
        "qwen2" => "Qwen2ForCausalLM",
        "gemma" => "GemmaForCausalLM",
        _ => "Gemma2ForCausalLM",
    };

    public static ModelConfig Load(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new ModelConfigException($"{path}: not found; a model directory needs a {FileName}.");
        JsonNode? node;
        // A key given twice would otherwise surface as an ArgumentException from JsonObject at first lookup.
        try { node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }); }
        catch (JsonException e) { throw new ModelConfigException($"{path}: not valid JSON ({e.Message})."); }
        return node is JsonObject json ? Parse(json, path) : throw new ModelConfigException($"{path}: must be a JSON object.");
    }

    /// <summary>Reads a config object; <paramref name="source"/> names it in error messages.</summary>
    public static ModelConfig Parse(JsonObject json, string source)
    {
        var config = new ConfigJson(json, source);
        string type = config.RequiredString("model_type");
        if (!SupportedModelTypes.Contains(type))
            throw new ModelConfigException($"{source}: model_type '{type}' is not supported; supported: {string.Join(", ", SupportedModelTypes)}.");
        bool gemma = type is "gemma" or "gemma2";
        int hidden = config.RequiredPositiveInt("hidden_size");
        int heads = config.RequiredPositiveInt("num_attention_heads");
        int keyValueHeads = config.PositiveInt("num_key_value_heads", heads);
        int headDim = config.PositiveInt("head_dim", gemma ? 256 : hidden / heads);
        if (!config.Has("head_dim") && !gemma && hidden % heads != 0)
            throw new ModelConfigException($"{source}: hidden_size {hidden} is not divisible by num_attention_heads {heads}; give head_dim.");
        if (heads % keyValueHeads != 0)
            throw new ModelConfigException($"{source}: num_attention_heads {heads} is not a multiple of num_key_value_heads {keyValueHeads}.");
        if (headDim % 2 != 0) throw new ModelConfigException($"{source}: head_dim {headDim} must be even for rotary embeddings.");
        bool attentionBias = config.Bool("attention_bias", false);
        int layers = config.RequiredPositiveInt("num_hidden_layers");
        var ropeParameters = config.Object("rope_parameters");
        return new ModelConfig
        {
            ModelType = type,
            VocabSize = config.RequiredPositiveInt("vocab_size"),
            HiddenSize = hidden,
            IntermediateSize = config.RequiredPositiveInt("intermediate_size"),
            NumHiddenLayers = layers,
            NumAttentionHeads = heads,
            NumKeyValueHeads = keyValueHeads,
            HeadDim = headDim,
            RmsNormEps = config.Double("rms_norm_eps", 1e-6),
            RopeTheta = ropeParameters is null
                ? config.PositiveDouble("rope_theta", 10000.0)
                : new ConfigJson(ropeParameters, $"{source} rope_parameters").PositiveDouble("rope_theta", 10000.0),
            RopeScaling = RopeScaling.Read(config, ropeParameters is null ? "rope_scaling" : "rope_parameters"),
            Activation = ReadActivation(config, type),
            InitializerRange = config.Double("initializer_range", 0.02),
            TieWordEmbeddings = config.Bool("tie_word_embeddings", gemma),
            QkvBias = type == "qwen2" || (type != "mistral" && attentionBias),
            OutputBias = type is not ("qwen2" or "mistral") && attentionBias,
            MlpBias = type == "llama" && config.Bool("mlp_bias", false),
            GemmaNorms = gemma,
            SandwichNorms = type == "gemma2",
            SlidingWindow = ReadSlidingWindow(config, type),
            SlidingLayers = ReadSlidingLayers(config, type, layers),
            QueryPreAttnScalar = type == "gemma2" ? config.NullableDouble("query_pre_attn_scalar", 256) : null,
            AttnLogitSoftcapping = type == "gemma2" ? config.NullableDouble("attn_logit_softcapping", 50.0) : null,
            FinalLogitSoftcapping = type == "gemma2" ? config.NullableDouble("final_logit_softcapping", 30.0) : null,
            PadTokenId = config.Ids("pad_token_id") is [var pad] ? pad : null,
            EosTokenIds = config.Ids("eos_token_id"),
            Json = (JsonObject)json.DeepClone(),
            Source = source,
        };
    }

    static HiddenActivation ReadActivation(ConfigJson config, string type)
    {
        // transformers runs Gemma with the tanh GELU whatever hidden_act says; hidden_activation overrides it.
        string name = type is "gemma" or "gemma2"
            ? config.String("hidden_activation", null) ?? "gelu_pytorch_tanh"
            : config.String("hidden_act", "silu") ?? "silu";
        return name switch
        {
            "silu" or "swish" => HiddenActivation.Silu,
            "gelu_pytorch_tanh" or "gelu_new" => HiddenActivation.GeluTanh,
            "gelu" => HiddenActivation.Gelu,
            _ => throw new ModelConfigException(
                $"{config.Source}: activation '{name}' is not supported; supported: silu, gelu_pytorch_tanh, gelu_new, gelu."),
        };
    }

    static int? ReadSlidingWindow(ConfigJson config, string type) => type switch
    {
        "mistral" or "gemma2" => config.NullableInt("sliding_window", 4096),
        "qwen2" when config.Bool("use_sliding_window", false) => config.NullableInt("sliding_window", 4096),
        _ => null,
    };

    static bool[] ReadSlidingLayers(ConfigJson config, string type, int layers)
    {
        if (config.Strings("layer_types") is { } layerTypes)
            return layerTypes.Count == layers
                ? layerTypes.Select(layerType => layerType == "sliding_attention").ToArray()
                : throw new ModelConfigException($"{config.Source}: layer_types lists {layerTypes.Count} layers but num_hidden_layers is {layers}.");
        int firstSliding = type == "qwen2" ? config.NullableInt("max_window_layers", 28) ?? 0 : 0;
        return Enumerable.Range(0, layers).Select(layer => type == "gemma2" ? layer % 2 == 0 : layer >= firstSliding).ToArray();
    }

    /// <summary>
    /// The config as it will be saved: the original keys, with the shape keys, the norm epsilon, the rotary base, the
    /// sliding window, Gemma 2's attention scalar and soft-caps, <c>torch_dtype</c> (and <c>dtype</c>, its newer name,
    /// where present) and <c>architectures</c> taken from this record (so a config changed with <c>with { … }</c>
    /// saves what the model is; <see cref="ModelSaver"/> refuses a change these keys cannot carry).
    /// </summary>
    public JsonObject ToJson(string torchDtype)
    {
        var json = (JsonObject)Json.DeepClone();
        json["model_type"] = ModelType;
        json["vocab_size"] = VocabSize;
        json["hidden_size"] = HiddenSize;
        json["intermediate_size"] = IntermediateSize;
        json["num_hidden_layers"] = NumHiddenLayers;
        json["num_attention_heads"] = NumAttentionHeads;
        json["num_key_value_heads"] = NumKeyValueHeads;
        json["head_dim"] = HeadDim;
        json["tie_word_embeddings"] = TieWordEmbeddings;
        json["rms_norm_eps"] = RmsNormEps;
        if (json["rope_parameters"] is JsonObject ropeParameters) ropeParameters["rope_theta"] = RopeTheta;
        else json["rope_theta"] = RopeTheta;
        // Absent means 4096 for mistral and gemma2, so no window is an explicit null there; qwen2 also needs use_sliding_window.
        if (SlidingWindow is not null || ModelType is "mistral" or "gemma2") json["sliding_window"] = SlidingWindow;
        if (ModelType == "gemma2")
        {
            json["query_pre_attn_scalar"] = QueryPreAttnScalar;
            json["attn_logit_softcapping"] = AttnLogitSoftcapping;
            json["final_logit_softcapping"] = FinalLogitSoftcapping;
        }
        json["architectures"] ??= new JsonArray(ArchitectureName);
        json["torch_dtype"] = torchDtype;
        // Newer transformers name it "dtype" and prefer it: a stale one would mislabel the saved weights.
        if (json.ContainsKey("dtype")) json["dtype"] = torchDtype;
        return json;
    }
}
