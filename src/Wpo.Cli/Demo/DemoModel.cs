using System.Text.Json.Nodes;
using Wpo.Modeling;
using Wpo.Text;

namespace Wpo.Cli.Demo;

/// <summary>
/// The demo's model: the <c>tiny</c> llama preset at half its width (or <c>hiddenSize</c>) and its 4 layers (or
/// <c>layers</c>), with the demo tokenizer's vocabulary and special-token ids.
/// </summary>
public static class DemoModel
{
    public static ModelConfig Config(Tokenizer tokenizer, int hiddenSize = 128, int layers = 4)
    {
        var json = (JsonObject)ModelPresets.Get("tiny").Json.DeepClone();
        json["vocab_size"] = tokenizer.VocabularySize;
        json["hidden_size"] = hiddenSize;
        json["intermediate_size"] = hiddenSize * 344 / 128;
        json["num_hidden_layers"] = layers;
        json["max_position_embeddings"] = 512;
        json["bos_token_id"] = tokenizer.BosId;
        json["eos_token_id"] = tokenizer.EosId;
        json["pad_token_id"] = tokenizer.PadId;
        return ModelConfig.Parse(json, "demo model (tiny preset)");
    }
}
