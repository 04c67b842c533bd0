using Wpo.Modeling;
using Wpo.Modeling.Lora;
using Wpo.Tests.Cli;
using Wpo.Tests.Modeling.Lora;
using static TorchSharp.torch;

namespace Wpo.Tests.Evaluation;

/// <summary>A seeded LoRA adapter with B ≠ 0 on a model directory, and the model merged with it by <c>wpo merge</c>.</summary>
static class AlpacaAdapterFixture
{
    /// <summary>Writes <c>FOLDER/adapter</c> and <c>FOLDER/merged</c> for <paramref name="model"/>; returns their paths.</summary>
    public static (string Adapter, string Merged) Write(string model, string folder)
    {
        string adapter = Path.Combine(folder, "adapter"), merged = Path.Combine(folder, "merged");
        using (var lm = CausalLM.Load(model, ScalarType.Float32, CPU))
        {
            LoraAdapters.Attach(lm, TinyLora.AllLinear(rank: 2, alpha: 4), seed: 11);
            TinyLora.MoveB(lm, seed: 13);
            PeftAdapter.Save(lm, adapter, model);
        }
        var (code, _, error) = CliRun.Wpo("merge", model, adapter, merged);
        Assert.True(code == 0, error);
        return (adapter, merged);
    }
}
