using System.Text.Json.Nodes;
using Wpo.Modeling;
using Wpo.Text;

namespace Wpo.Cli.Demo;

/// <summary>The demo's model: the <c>tiny</c> llama preset at half its width, with the demo tokenizer's vocabulary and special-token ids.</summary>
public static class DemoModel
{
    public static ModelConfig Config(Tokenizer tokenizer)
    {
        var json = (JsonObject)ModelPresets.Get("tiny").Json.DeepClone();
        json["vocab_size"] = tokenizer.VocabularySize;
        json["hidden_size"] = 128;
        json["intermediate_size"] = 344;
        json["max_position_embeddings"] = 512;
        json["bos_token_id"] = tokenizer.BosId;
        json["eos_token_id"] = tokenizer.EosId;
        json["pad_token_id"] = tokenizer.PadId;
        return ModelConfig.Parse(json, "demo model (tiny preset)");
    }
}
