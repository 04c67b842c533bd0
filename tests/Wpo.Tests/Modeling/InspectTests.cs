using Spectre.Console;
using Wpo.Cli.Commands;
using Wpo.Modeling;
using static TorchSharp.torch;

namespace Wpo.Tests.Modeling;

/// <summary><c>wpo inspect</c>: counts from headers and from the config agree; memory figures per regime.</summary>
public sealed class InspectTests
{
    [Fact]
    [Trait("Category", "Golden")]
    public void A_golden_model_is_counted_from_its_headers_and_its_config_alike()
    {
        var inspection = ModelInspection.Of(GoldenModelTests.Directory("llama"));
        Assert.Equal(156_480, inspection.ConfigParameters);
        Assert.Equal(inspection.ConfigParameters, inspection.HeaderParameters);
        Assert.Equal(ScalarType.Float32, inspection.StoredDType);
        Assert.Equal(4 * 156_480, inspection.WeightBytes);
        Assert.Null(inspection.WeightsNote);

        string output = Render(inspection);
        Assert.Contains("156,480 (agree)", output);
        Assert.Contains("llama3 ×8 (low 1, high 4, original 16)", output);
        Assert.Contains("model.layers.*.self_attn.k_proj.weight", output);
    }

    [Fact]
    public void A_config_without_weights_is_inspected_from_the_config_alone()
    {
        var inspection = ModelInspection.Of(SharedFolders.Data("model_configs/Mistral-7B-v0.1"));
        Assert.Null(inspection.HeaderParameters);
        Assert.Contains("config.json alone", inspection.WeightsNote);
        Assert.Equal(ScalarType.BFloat16, inspection.StoredDType);
        Assert.Equal(2 * 7_241_732_096, inspection.WeightBytes);

        string output = Render(inspection);
        Assert.Contains("7,241,732,096 (7.24 B)", output);
        Assert.Contains("4096 on 32 of 32 layers", output);
        // 16 bytes per parameter either way: 7.24e9 × 16 B = 107.91 GiB.
        Assert.Contains("107.91 GiB", output);
    }

    [Fact]
    public void Training_memory_is_16_bytes_per_parameter_split_by_regime()
    {
        var mixed = TrainingMemory.MixedBf16(1000);
        Assert.Equal((2000, 4000, 2000, 8000, 16000), (mixed.Weights, mixed.MasterWeights, mixed.Gradients, mixed.OptimizerStates, mixed.Total));
        var fp32 = TrainingMemory.Fp32(1000);
        Assert.Equal((4000, 0, 4000, 8000, 16000), (fp32.Weights, fp32.MasterWeights, fp32.Gradients, fp32.OptimizerStates, fp32.Total));
    }

    static string Render(ModelInspection inspection)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 200;
        InspectCommand.Write(console, inspection);
        return writer.ToString();
    }
}
