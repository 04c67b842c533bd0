using Wpo.Modeling;
using Wpo.Modeling.Lora;
using Wpo.Tests.Modeling;
using Wpo.Tests.Modeling.Lora;
using static TorchSharp.torch;

namespace Wpo.Tests.Cli;

/// <summary><c>wpo merge BASE ADAPTER OUT</c> writes a plain model that computes what base + adapter computes.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class MergeCommandTests
{
    [Fact]
    public void The_merged_model_gives_the_adapted_logits_and_carries_no_adapter_tensors()
    {
        using var folder = new TemporaryFolder();
        string baseDirectory = Path.Combine(folder.Path, "base"), adapterDirectory = Path.Combine(folder.Path, "adapter"), output = Path.Combine(folder.Path, "merged");
        using var adapted = TinyLora.Adapted("llama", ScalarType.Float32, TinyLora.AllLinear(rank: 2, alpha: 4));
        adapted.Save(baseDirectory);
        PeftAdapter.Save(adapted, adapterDirectory, baseDirectory);

        var (exitCode, _, error) = CliRun.Wpo("merge", baseDirectory, adapterDirectory, output);
        Assert.True(exitCode == 0, error);

        using var merged = CausalLM.Load(output, ScalarType.Float32, CPU);
        var ids = TinyModels.RandomIds(2, 9, merged.Config.VocabSize, seed: 2);
        Assert.True(TinyModels.MaxAbsDifference(TinyLora.Logits(adapted, ids), TinyLora.Logits(merged, ids)) < 1e-4);
        Assert.False(merged.Adapters.Attached);
    }

    [Fact]
    public void A_directory_without_an_adapter_config_is_refused_in_one_line()
    {
        using var folder = new TemporaryFolder();
        var (exitCode, _, error) = CliRun.Wpo("merge", folder.Path, folder.Path, Path.Combine(folder.Path, "out"));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("not a PEFT adapter directory (adapter_config.json is missing)", error);
    }
}
