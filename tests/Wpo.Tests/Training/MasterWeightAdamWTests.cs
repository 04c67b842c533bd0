using TorchSharp;
using Wpo.Modeling;
using Wpo.Tests.Modeling;
using Wpo.Training;
using static TorchSharp.torch;

namespace Wpo.Tests.Training;

/// <summary>
/// The mixed-precision path of <see cref="MasterWeightAdamW"/> (bf16 model, fp32 masters) against torch's own AdamW
/// on fp32 copies of the parameters fed the same gradients: two micro-batches accumulated in fp32, clipped by the
/// global norm, over two steps so the moments count too.
/// </summary>
public sealed class MasterWeightAdamWTests
{
    static readonly AdamWSettings Settings = new(Beta1: 0.8, Beta2: 0.95, Epsilon: 1e-6, WeightDecay: 0.1);

    [Fact]
    public void Bf16_model_with_fp32_masters_steps_as_torch_adamw_on_fp32_copies()
    {
        using var model = TinyModels.Create("llama", ScalarType.BFloat16);
        var entries = DecayGroups.Of(model);
        var copies = entries.Select(e => new TorchSharp.Modules.Parameter(e.Parameter.detach().to(ScalarType.Float32))).ToList();
        using var optimizer = new MasterWeightAdamW(model, Settings);
        using var decaying = optim.AdamW(copies.Where((_, i) => entries[i].Decays), lr: 0.01, beta1: Settings.Beta1, beta2: Settings.Beta2, eps: Settings.Epsilon, weight_decay: Settings.WeightDecay);
        using var plain = optim.AdamW(copies.Where((_, i) => !entries[i].Decays), lr: 0.01, beta1: Settings.Beta1, beta2: Settings.Beta2, eps: Settings.Epsilon, weight_decay: 0);
        using var generator = new Generator(3);
        const double maxGradNorm = 0.5;
        for (int step = 0; step < 2; step++)
        {
            var sums = copies.Select(c => zeros_like(c)).ToList();
            for (int micro = 0; micro < 2; micro++)
            {
                for (int i = 0; i < entries.Count; i++)
                {
                    var gradient = randn(entries[i].Parameter.shape, generator: generator).to(ScalarType.BFloat16);
                    entries[i].Parameter.grad = gradient;
                    sums[i].add_(gradient.to(ScalarType.Float32));
                }
                if (micro == 0) optimizer.KeepGradients();
            }
            double norm = optimizer.Step(learningRate: 0.01, maxGradNorm);

            double expectedNorm = linalg.vector_norm(stack(sums.Select(s => linalg.vector_norm(s)).ToArray())).ToDouble();
            Assert.Equal(expectedNorm, norm, expectedNorm * 1e-5);
            for (int i = 0; i < copies.Count; i++) copies[i].grad = sums[i] * (maxGradNorm / (expectedNorm + 1e-6));
            decaying.step();
            plain.step();
        }

        var masters = optimizer.State().Where(s => s.Name.StartsWith("master.", StringComparison.Ordinal)).ToDictionary(s => s.Name, s => s.Tensor);
        for (int i = 0; i < entries.Count; i++)
        {
            var master = masters["master." + entries[i].Name];
            Assert.Equal(ScalarType.Float32, master.dtype);
            Assert.True(master.allclose(copies[i], rtol: 1e-5, atol: 1e-6), $"{entries[i].Name}: master differs from torch's AdamW");
            Assert.True(entries[i].Parameter.allclose(master.to(ScalarType.BFloat16), rtol: 0, atol: 0), $"{entries[i].Name}: the bf16 weight is not the rounded master");
            Assert.Null(entries[i].Parameter.grad);
        }
    }

    [Fact]
    public void A_bf16_checkpoint_restores_masters_moments_and_weights_into_a_differently_initialised_model()
    {
        using var folder = new TemporaryFolder();
        using var trained = TinyModels.Create("llama", ScalarType.BFloat16, seed: 1);
        using var optimizer = new MasterWeightAdamW(trained, Settings);
        foreach (var (_, parameter, _) in DecayGroups.Of(trained)) parameter.grad = ones_like(parameter);
        optimizer.Step(learningRate: 0.01, maxGradNorm: 1.0);
        string checkpoint = TrainingCheckpoint.Write(folder.Path, trained, "base", optimizer, new TrainerState { GlobalStep = 1, TotalSteps = 2 }, null, []);

        using var resumed = TinyModels.Create("llama", ScalarType.BFloat16, seed: 2);
        using var restored = new MasterWeightAdamW(resumed, Settings);
        TrainingCheckpoint.Restore(checkpoint, restored);

        Assert.Equal(1, restored.StepCount);
        var expected = optimizer.State().ToDictionary(s => s.Name, s => s.Tensor);
        foreach (var (name, tensor) in restored.State())
            Assert.True(tensor.allclose(expected[name], rtol: 0, atol: 0), $"{name} differs after restore");
        var weights = trained.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in resumed.named_parameters())
            Assert.True(parameter.allclose(weights[name], rtol: 0, atol: 0), $"{name}: the weight is not the restored master's");
    }
}
