using System.Text.Json.Nodes;
using Wpo.Checkpoints;
using Wpo.Cli.Demo;
using Wpo.Text;
using static TorchSharp.torch;

namespace Wpo.Tests.Rewards;

/// <summary>
/// Golden model directories that can read text: a golden checkpoint's weights with its embedding (and untied LM
/// head) grown with seeded random rows to the demo's byte-level ChatML tokenizer, whose files (and the demo's 32
/// pairs) the directory also holds. The goldens have vocab 211 and no tokenizer; the demo tokenizer has 259 tokens.
/// </summary>
static class DemoTokenizerRewardModel
{
    /// <summary>A golden reward model (<c>reward_models/NAME</c>) that reads the demo tokenizer's ids.</summary>
    public static string Write(string directory, string golden = "llama") =>
        Grow(directory, Path.Combine(SharedFolders.Golden("reward_models"), golden), (config, tokenizer) => config["pad_token_id"] = tokenizer.PadId);

    /// <summary>A golden causal LM (<c>models/NAME</c>, a single-file one) that reads and writes the demo tokenizer's ids, ending at its EOS.</summary>
    public static string WriteCausalLM(string directory, string golden = "mistral") =>
        Grow(directory, Path.Combine(SharedFolders.Golden("models"), golden), (config, tokenizer) =>
        {
            config["eos_token_id"] = tokenizer.EosId;
            config["bos_token_id"] = tokenizer.BosId;
            config["pad_token_id"] = tokenizer.PadId;
        });

    static string Grow(string directory, string source, Action<JsonObject, Tokenizer> configure)
    {
        DemoResources.WriteTo(directory);
        var tokenizer = Tokenizer.Load(directory);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "config.json")))!.AsObject();
        int vocabulary = tokenizer.VocabularySize;
        config["vocab_size"] = vocabulary;
        configure(config, tokenizer);
        File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJsonString());

        var weights = SafeTensorsFile.Open(Path.Combine(source, "model.safetensors"));
        var generator = new TorchSharp.torch.Generator(11);
        var tensors = weights.Tensors.Keys.Order(StringComparer.Ordinal).Select(name =>
        {
            Tensor tensor = weights.Read(name);
            if (name is "model.embed_tokens.weight" or "lm_head.weight")
                tensor = cat([tensor, randn([vocabulary - tensor.shape[0], tensor.shape[1]], generator: generator) * 0.02], 0);
            return (name, tensor);
        }).ToList();
        SafeTensorsWriter.Write(Path.Combine(directory, "model.safetensors"), tensors);
        return directory;
    }
}
