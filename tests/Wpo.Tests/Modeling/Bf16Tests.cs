using Wpo.Modeling;
using static TorchSharp.torch;

namespace Wpo.Tests.Modeling;

/// <summary>bf16 weights and compute stay close to the fp32 reference (norms, rotary angles and softmax in fp32).</summary>
[Trait("Category", "Golden")]
public sealed class Bf16Tests
{
    public static TheoryData<string> Models() => SharedFolders.GoldenCases("models");

    [Theory]
    [MemberData(nameof(Models))]
    public void Bf16_logits_are_within_bf16_rounding_of_the_reference(string name)
    {
        var expected = GoldenModelTests.Expected(name);
        using var model = CausalLM.Load(GoldenModelTests.Directory(name), ScalarType.BFloat16, CPU);
        Assert.All(model.NamedParameters(), p => Assert.Equal(ScalarType.BFloat16, p.Parameter.dtype));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var reference = expected.Read("logits");
        var logits = model.Forward(expected.Read("input_ids"));
        Assert.Equal(ScalarType.Float32, logits.dtype);
        double error = TinyModels.MaxAbsDifference(logits, reference);
        double scale = reference.abs().max().item<float>();
        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: bf16 max error {error:E3}, logits scale {scale:E3}");
        Assert.True(error < 0.08 * scale, $"{name}: bf16 logits differ by {error:E2} (scale {scale:E2})");
    }
}
