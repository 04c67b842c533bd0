using System.Text.Json.Nodes;
using Wpo.Checkpoints;
using Wpo.Modeling;
using Wpo.Modeling.Lora;
using Wpo.Rewards;
using static TorchSharp.torch;

namespace Wpo.Tests.Rewards;

/// <summary>
/// PEFT adapter directories for a reward model, written as PeftModelForSequenceClassification saves them:
/// <c>task_type</c> SEQ_CLS, <c>modules_to_save</c> ["classifier", "score"], the LoRA tensors under
/// <c>base_model.model.model.layers.…</c> and, when the head was trained, <c>base_model.model.score.weight</c>.
/// </summary>
static class RewardAdapters
{
    public static readonly LoraConfig Config = new() { Rank = 4, Alpha = 8, TargetModules = LoraConfig.Projections };

    /// <summary>
    /// An adapter for the reward model in <paramref name="baseDirectory"/>: A ~ U(−0.1, 0.1), B zero or ~ N(0, 0.1²)
    /// (<paramref name="zeroB"/>), and the head <paramref name="head"/> (of the base's head) when given.
    /// </summary>
    public static string Write(string directory, string baseDirectory, bool zeroB, Func<Tensor, Tensor>? head = null, long seed = 5)
    {
        using var model = RewardModel.Load(baseDirectory, ScalarType.Float32, CPU);
        using var generator = new Generator((ulong)seed);
        var tensors = new List<(string, Tensor)>();
        foreach (var (name, parameter) in model.named_parameters().Where(p => Config.Adapts(p.name)))
        {
            string projection = PeftAdapter.KeyPrefix + name[..^".weight".Length];
            tensors.Add(($"{projection}.lora_A.weight", empty(Config.Rank, parameter.shape[1]).uniform_(-0.1, 0.1, generator)));
            var b = zeros(parameter.shape[0], Config.Rank);
            tensors.Add(($"{projection}.lora_B.weight", zeroB ? b : b.normal_(0, 0.1, generator)));
        }
        if (head is not null)
        {
            var baseHead = model.named_parameters().Single(p => p.name == "score.weight").parameter;
            tensors.Add((RewardModel.HeadKey, head(baseHead.detach().clone())));
        }
        Directory.CreateDirectory(directory);
        SafeTensorsWriter.Write(Path.Combine(directory, PeftAdapter.WeightsFileName), tensors);
        var json = PeftAdapter.ConfigJson(Config, baseDirectory);
        json["task_type"] = PeftAdapter.SequenceClassificationTask;
        json["modules_to_save"] = new JsonArray("classifier", "score");
        File.WriteAllText(Path.Combine(directory, PeftAdapter.ConfigFileName), json.ToJsonString());
        return directory;
    }

    /// <summary>Scores [B] of <paramref name="ids"/> (no padding) under <paramref name="model"/>.</summary>
    public static float[] Scores(RewardModel model, Tensor ids)
    {
        using var noGrad = no_grad();
        using var scores = model.Score(ids);
        return scores.squeeze(-1).data<float>().ToArray();
    }
}
