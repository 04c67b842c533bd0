using System.Text.Json.Nodes;
using Wpo.Checkpoints;
using Wpo.Cli.Demo;
using Wpo.Text;
using static TorchSharp.torch;

namespace Wpo.Tests.Rewards;

/// <summary>
/// A reward model directory that can read text: a golden reward model's weights with its embedding grown (seeded
/// random rows) to the demo's byte-level ChatML tokenizer, whose files (and the demo's 32 pairs) it also holds.
/// </summary>
static class DemoTokenizerRewardModel
{
    public static string Write(string directory, string golden = "llama")
    {
        DemoResources.WriteTo(directory);
        var tokenizer = Tokenizer.Load(directory);
        string source = Path.Combine(SharedFolders.Golden("reward_models"), golden);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "config.json")))!.AsObject();
        int vocabulary = tokenizer.VocabularySize;
        config["vocab_size"] = vocabulary;
        config["pad_token_id"] = tokenizer.PadId;
        File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJsonString());

        var weights = SafeTensorsFile.Open(Path.Combine(source, "model.safetensors"));
        var generator = new TorchSharp.torch.Generator(11);
        var tensors = weights.Tensors.Keys.Order(StringComparer.Ordinal).Select(name =>
        {
            Tensor tensor = weights.Read(name);
            if (name == "model.embed_tokens.weight")
                tensor = cat([tensor, randn([vocabulary - tensor.shape[0], tensor.shape[1]], generator: generator) * 0.02], 0);
            return (name, tensor);
        }).ToList();
        SafeTensorsWriter.Write(Path.Combine(directory, "model.safetensors"), tensors);
        return directory;
    }
}
