using System.Globalization;
using System.Text.Json.Nodes;

namespace Wpo.Modeling;

/// <summary>
/// Checks that a config.json about to be saved reloads as the config of the model being saved: every field that
/// shapes the computation, compared by the key it is read from. A config changed in code beyond what
/// <see cref="ModelConfig.ToJson"/> writes back (an activation, biases, rope scaling, which layers slide) would
/// otherwise save a directory that reloads as a different model.
/// </summary>
static class SavedConfigCheck
{
    public static void Check(ModelConfig config, JsonObject saved)
    {
        ModelConfig reread;
        try
        {
            reread = ModelConfig.Parse(saved, $"the {ModelConfig.FileName} to save");
        }
        catch (ModelConfigException e)
        {
            throw new ArgumentException($"{config.Source}: the {ModelConfig.FileName} written for this model would not load: {e.Message}", e);
        }
        var differences = Fields(config).Zip(Fields(reread))
            .Where(pair => pair.First.Value != pair.Second.Value)
            .Select(pair => $"{pair.First.Key} is {pair.First.Value} in the model but {pair.Second.Value} in the saved file")
            .ToList();
        if (differences.Count > 0)
            throw new ArgumentException(
                $"{config.Source}: {ModelConfig.FileName} cannot describe this model ({string.Join("; ", differences)}); " +
                "change the config's Json as well, so the key is saved.");
    }

    static IEnumerable<(string Key, string Value)> Fields(ModelConfig c)
    {
        static string Text(object? value) => value switch
        {
            null => "null",
            double number => number.ToString("R", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "null",
        };
        return new (string, object?)[]
        {
            ("model_type", c.ModelType), ("vocab_size", c.VocabSize), ("hidden_size", c.HiddenSize),
            ("intermediate_size", c.IntermediateSize), ("num_hidden_layers", c.NumHiddenLayers),
            ("num_attention_heads", c.NumAttentionHeads), ("num_key_value_heads", c.NumKeyValueHeads), ("head_dim", c.HeadDim),
            ("rms_norm_eps", c.RmsNormEps), ("rope_theta", c.RopeTheta), ("rope_scaling", c.RopeScaling),
            ("hidden_act", c.Activation), ("tie_word_embeddings", c.TieWordEmbeddings),
            ("attention_bias (q/k/v)", c.QkvBias), ("attention_bias (o)", c.OutputBias), ("mlp_bias", c.MlpBias),
            ("sliding_window", c.SlidingWindow),
            ("layer_types", string.Join(",", Enumerable.Range(0, c.NumHiddenLayers).Select(layer => c.IsSlidingLayer(layer) ? "sliding" : "full"))),
            ("query_pre_attn_scalar", c.QueryPreAttnScalar), ("attn_logit_softcapping", c.AttnLogitSoftcapping),
            ("final_logit_softcapping", c.FinalLogitSoftcapping),
        }.Select(field => (field.Item1, Text(field.Item2)));
    }
}
