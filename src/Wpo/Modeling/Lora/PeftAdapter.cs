using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wpo.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Wpo.Modeling.Lora;

/// <summary>
/// A LoRA adapter directory in PEFT's format (peft <c>utils/save_and_load.py</c>, <c>tuners/lora/config.py</c>):
/// <c>adapter_config.json</c> (LoraConfig's keys, <c>peft_type</c> "LORA", <c>task_type</c> "CAUSAL_LM") and
/// <c>adapter_model.safetensors</c> holding only the adapters, named as <c>get_peft_model_state_dict</c> names them:
/// <c>base_model.model.</c> + the model's name, without the adapter name
/// (<c>base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight</c>). A reward model's adapter
/// (<c>task_type</c> "SEQ_CLS", its head in <c>modules_to_save</c>) is read too; see <c>RewardModel.Load</c>.
/// </summary>
public static class PeftAdapter
{
    public const string ConfigFileName = "adapter_config.json";
    public const string WeightsFileName = "adapter_model.safetensors";
    /// <summary>PeftModel's prefix: <c>base_model</c> (the LoraModel) then <c>model</c> (the wrapped transformers model).</summary>
    public const string KeyPrefix = "base_model.model.";

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="model"/>'s adapters (in their dtype) and their config to <paramref name="directory"/>, each file atomically.</summary>
    public static void Save(CausalLM model, string directory, string baseModelNameOrPath)
    {
        var config = model.Adapters.Config ?? throw new InvalidOperationException("the model has no LoRA adapters to save.");
        Directory.CreateDirectory(directory);
        SafeTensorsWriter.Write(Path.Combine(directory, WeightsFileName), model.Adapters.Parameters(model).Select(p => (KeyPrefix + p.Name, (Tensor)p.Parameter)));
        byte[] json = Encoding.UTF8.GetBytes(ConfigJson(config, baseModelNameOrPath).ToJsonString(Indented) + "\n");
        using var file = AtomicFile.Finished(Path.Combine(directory, ConfigFileName), json);
        file.Commit();
    }

    /// <summary>LoraConfig's keys with PEFT's defaults for the features not used here.</summary>
    internal static JsonObject ConfigJson(LoraConfig config, string baseModelNameOrPath) => new()
    {
        ["alpha_pattern"] = new JsonObject(),
        ["auto_mapping"] = null,
        ["base_model_name_or_path"] = baseModelNameOrPath,
        ["bias"] = "none",
        ["fan_in_fan_out"] = false,
        ["inference_mode"] = true,
        ["init_lora_weights"] = true,
        ["layers_pattern"] = null,
        ["layers_to_transform"] = null,
        ["lora_alpha"] = config.Alpha == Math.Floor(config.Alpha) && Math.Abs(config.Alpha) < int.MaxValue ? JsonValue.Create((int)config.Alpha) : JsonValue.Create(config.Alpha),
        ["lora_dropout"] = config.Dropout,
        ["modules_to_save"] = null,
        ["peft_type"] = "LORA",
        ["r"] = config.Rank,
        ["rank_pattern"] = new JsonObject(),
        ["revision"] = null,
        ["target_modules"] = new JsonArray([.. config.TargetModules.Select(t => (JsonNode)JsonValue.Create(t))]),
        ["task_type"] = "CAUSAL_LM",
        ["use_dora"] = false,
        ["use_rslora"] = config.UseRslora,
    };

    /// <summary>Reads an adapter directory's config, refusing the PEFT features this model does not implement.</summary>
    public static LoraConfig ReadConfig(string directory)
    {
        string path = Path.Combine(directory, ConfigFileName);
        if (!File.Exists(path)) throw new WpoException($"{directory}: not a PEFT adapter directory ({ConfigFileName} is missing).");
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new WpoException($"{path}: not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new WpoException($"{path}: not valid JSON ({e.Message}).", e);
        }
        string? Text(string key) => json[key] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
        bool Flag(string key) => json[key] is JsonValue value && value.TryGetValue(out bool flag) && flag;
        if (Text("peft_type") != "LORA") throw new WpoException($"{path}: peft_type is '{Text("peft_type")}'; only LORA adapters are supported.");
        if (Text("bias") is { } bias && bias != "none") throw new WpoException($"{path}: bias '{bias}' is not supported (only \"none\": no trained biases).");
        foreach (string key in new[] { "use_dora", "fan_in_fan_out" })
            if (Flag(key)) throw new WpoException($"{path}: {key}: true is not supported.");
        foreach (string key in new[] { "rank_pattern", "alpha_pattern" })
            if (json[key] is JsonObject pattern && pattern.Count > 0) throw new WpoException($"{path}: {key} is not supported (one rank and alpha for every layer).");
        if (json["layers_to_transform"] is not null) throw new WpoException($"{path}: layers_to_transform is not supported.");
        if (json["modules_to_save"] is not null && !(Text("task_type") == SequenceClassificationTask && IsClassifierList(json["modules_to_save"])))
            throw new WpoException($"{path}: modules_to_save {json["modules_to_save"]!.ToJsonString()} is not supported (only a {SequenceClassificationTask} adapter's classifier head: [\"classifier\", \"score\"]).");
        IReadOnlyList<string> targets = json["target_modules"] switch
        {
            JsonArray list => [.. list.Select(item => item?.GetValue<string>() ?? "")],
            JsonValue single when single.TryGetValue(out string? text) && text == LoraConfig.AllLinear => [text],
            var other => throw new WpoException($"{path}: target_modules {other?.ToJsonString() ?? "null"} is not supported; give a list of projection names or \"{LoraConfig.AllLinear}\"."),
        };
        try
        {
            return new LoraConfig
            {
                Rank = json["r"]?.GetValue<int>() ?? 8,
                Alpha = json["lora_alpha"]?.GetValue<double>() ?? 8,
                Dropout = json["lora_dropout"]?.GetValue<double>() ?? 0,
                UseRslora = Flag("use_rslora"),
                TargetModules = LoraConfig.Targets(targets, path),
            }.Validated(path);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new WpoException($"{path}: r, lora_alpha or lora_dropout is not a number ({e.Message}).", e);
        }
    }

    /// <summary>
    /// Attaches the adapter saved in <paramref name="directory"/> to <paramref name="model"/> (in the model's wide
    /// dtype, on its device), after checking that the file holds exactly the tensors, with the shapes, its config implies.
    /// </summary>
    public static void Load(CausalLM model, string directory) =>
        Attach(model, model.Adapters, model.DType, model.Device, model.Config, directory, new Dictionary<string, long[]>());

    /// <summary>
    /// <see cref="Load(CausalLM, string)"/> for any model whose decoder projects through <paramref name="registry"/>;
    /// the tensors of <paramref name="optional"/> (full file names, with their shapes) may also be in the file (a
    /// sequence-classification adapter's <c>modules_to_save</c> head). Returns the opened file to read them from.
    /// </summary>
    internal static SafeTensorsFile Attach(nn.Module model, LoraAdapters registry, ScalarType dtype, Device device, ModelConfig modelConfig,
        string directory, IReadOnlyDictionary<string, long[]> optional)
    {
        var config = ReadConfig(directory);
        string path = Path.Combine(directory, WeightsFileName);
        SafeTensorsFile file;
        try
        {
            file = SafeTensorsFile.Open(path);
        }
        catch (SafeTensorsFormatException e)
        {
            throw new WpoException($"{directory}: {WeightsFileName} cannot be read ({e.Message}).", e);
        }
        var expected = model.named_parameters().Where(p => config.Adapts(p.name)).SelectMany(p =>
        {
            string projection = p.name[..^".weight".Length];
            return new[] { ($"{KeyPrefix}{projection}.lora_A.weight", new long[] { config.Rank, p.parameter.shape[1] }), ($"{KeyPrefix}{projection}.lora_B.weight", [p.parameter.shape[0], config.Rank]) };
        }).ToDictionary(e => e.Item1, e => e.Item2);
        bool Known(string name) => expected.ContainsKey(name) || optional.ContainsKey(name);
        long[] Shape(string name) => expected.TryGetValue(name, out var shape) ? shape : optional[name];
        var problems = expected.Where(e => !file.Tensors.ContainsKey(e.Key)).Select(e => $"missing: {e.Key} {ModelLoader.Format(e.Value)}")
            .Concat(file.Tensors.Where(e => Known(e.Key) && !e.Value.Shape.SequenceEqual(Shape(e.Key))).OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => $"wrong shape: {e.Key} expected {ModelLoader.Format(Shape(e.Key))}, found {ModelLoader.Format(e.Value.Shape)}"))
            .Concat(file.Tensors.Keys.Where(name => !Known(name)).Order(StringComparer.Ordinal).Select(name => $"unexpected: {name}"))
            .ToList();
        if (problems.Count > 0)
            throw new WpoException($"{path}: the adapter does not fit the model ({config.Rank}-rank adapters on {string.Join(", ", config.TargetModules)} of {modelConfig.NumHiddenLayers} layers): " + string.Join("; ", problems.Take(10)) + (problems.Count > 10 ? $"; … and {problems.Count - 10} more" : ""));
        LoraAdapters.AttachWith(model, registry, dtype, device, config, (name, _) => file.Read($"{KeyPrefix}{name}.lora_A.weight"), (name, _) => file.Read($"{KeyPrefix}{name}.lora_B.weight"));
        return file;
    }

    /// <summary>PEFT's <c>task_type</c> of a <c>PeftModelForSequenceClassification</c> (a reward model's adapter).</summary>
    public const string SequenceClassificationTask = "SEQ_CLS";

    /// <summary>
    /// PeftModelForSequenceClassification adds its head names <c>["classifier", "score"]</c> to <c>modules_to_save</c>;
    /// only those are accepted.
    /// </summary>
    static bool IsClassifierList(JsonNode? node) =>
        node is JsonArray list && list.All(item => item is JsonValue value && value.TryGetValue(out string? name) && name is "classifier" or "score");
}
