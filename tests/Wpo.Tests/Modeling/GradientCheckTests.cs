using Wpo.Modeling;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Wpo.Tests.Modeling;

/// <summary>Autograd gradients of a tiny float64 model's next-token loss agree with central finite differences.</summary>
public sealed class GradientCheckTests
{
    const double Step = 1e-6;
    const double Tolerance = 1e-6;

    public static TheoryData<string, string, long[]> Entries() => new()
    {
        { "llama", "model.embed_tokens.weight", [3, 5] },
        { "llama", "model.layers.0.self_attn.q_proj.weight", [7, 2] },
        { "llama", "model.layers.1.self_attn.k_proj.weight", [1, 9] },
        { "llama", "model.layers.2.mlp.down_proj.weight", [4, 11] },
        { "llama", "model.layers.1.input_layernorm.weight", [6] },
        { "llama", "model.norm.weight", [13] },
        { "llama", "lm_head.weight", [2, 3] },
        { "gemma2", "model.embed_tokens.weight", [3, 5] },
        { "gemma2", "model.layers.0.self_attn.q_proj.weight", [7, 2] },
        { "gemma2", "model.layers.1.post_feedforward_layernorm.weight", [6] },
        { "qwen2", "model.layers.0.self_attn.v_proj.bias", [5] },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void Autograd_matches_central_differences(string modelType, string parameterName, long[] index)
    {
        using var model = TinyModels.Create(modelType, ScalarType.Float64, seed: 3);
        var parameter = model.NamedParameters().Single(p => p.Name == parameterName).Parameter;
        Perturb(model);
        var ids = TinyModels.RandomIds(2, 9, model.Config.VocabSize, seed: 4);
        ids[0, 4] = tensor(3L); // token 3 occurs, so row 3 of the embedding has a gradient
        var (analytic, numeric) = Derivatives(model, parameter, index, ids);

        double error = Math.Abs(analytic - numeric) / Math.Max(Math.Abs(numeric), 1e-3);
        Assert.True(Math.Abs(numeric) > 1e-5, $"{parameterName}: gradient {numeric:E2} too small to test");
        Assert.True(error < Tolerance, $"{modelType} {parameterName}[{string.Join(", ", index)}]: autograd {analytic:E10}, differences {numeric:E10}, relative error {error:E2}");
    }

    /// <summary>Moves norm weights and biases off their initial constants, so their gradients are not special cases.</summary>
    static void Perturb(CausalLM model)
    {
        using var noGrad = no_grad();
        using var generator = new Generator(5);
        foreach (var (name, parameter) in model.NamedParameters())
            if (name.EndsWith("norm.weight", StringComparison.Ordinal) || name.EndsWith(".bias", StringComparison.Ordinal))
                parameter.add_(randn(parameter.shape, ScalarType.Float64, generator: generator) * 0.3);
    }

    /// <summary>The loss's derivative by one entry of <paramref name="parameter"/>: autograd's, and by central differences.</summary>
    internal static (double Analytic, double Numeric) Derivatives(CausalLM model, TorchSharp.Modules.Parameter parameter, long[] index, Tensor ids)
    {
        var at = index.Select(i => TensorIndex.Single(i)).ToArray();
        using (var scope = NewDisposeScope()) Loss(model, ids).backward();
        double analytic = parameter.grad![at].item<double>();
        using var noGrad = no_grad();
        double original = parameter[at].item<double>();
        parameter[at] = tensor(original + Step, ScalarType.Float64);
        double above = Loss(model, ids).item<double>();
        parameter[at] = tensor(original - Step, ScalarType.Float64);
        double below = Loss(model, ids).item<double>();
        parameter[at] = tensor(original, ScalarType.Float64);
        return (analytic, (above - below) / (2 * Step));
    }

    /// <summary>Mean cross-entropy of predicting each next token.</summary>
    internal static Tensor Loss(CausalLM model, Tensor ids)
    {
        long length = ids.shape[1];
        var logits = model.Forward(ids).narrow(1, 0, length - 1);
        return F.cross_entropy(logits.reshape(-1, logits.shape[2]), ids.narrow(1, 1, length - 1).reshape(-1));
    }
}
