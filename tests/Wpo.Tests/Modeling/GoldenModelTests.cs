using Wpo.Checkpoints;
using Wpo.Modeling;
using static TorchSharp.torch;

namespace Wpo.Tests.Modeling;

/// <summary>
/// Every folder of goldens/models: logits of a plain-PyTorch reference written from transformers' modeling code
/// (1e-4 absolute), and its 8 greedy tokens, decoded here with the KV cache.
/// </summary>
[Trait("Category", "Golden")]
public sealed class GoldenModelTests
{
    public static TheoryData<string> Models() => SharedFolders.GoldenCases("models");

    [Theory]
    [MemberData(nameof(Models))]
    public void Logits_match_the_reference(string name)
    {
        var (model, expected) = Open(name);
        using var noGrad = no_grad();
        using var logits = model.Forward(expected.Read("input_ids"));
        using var reference = expected.Read("logits");
        Assert.Equal(reference.shape, logits.shape);
        double maxError = (logits - reference).abs().max().item<float>();
        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: max |logits − reference| = {maxError:E2}");
        Assert.True(maxError <= 1e-4, $"{name}: max |logits − reference| = {maxError:E2} > 1e-4");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Greedy_tokens_decoded_with_the_cache_match_the_reference(string name)
    {
        var (model, expected) = Open(name);
        using var reference = expected.Read("greedy_tokens");
        using var tokens = GreedyDecoder.Generate(model, expected.Read("greedy_prompt"), (int)reference.shape[1]);
        Assert.Equal(reference.data<long>().ToArray(), tokens.data<long>().ToArray());
    }

    internal static string Directory(string name) => Path.Combine(SharedFolders.Golden("models"), name);

    internal static SafeTensorsFile Expected(string name) => SafeTensorsFile.Open(Path.Combine(Directory(name), "expected.safetensors"));

    static (CausalLM Model, SafeTensorsFile Expected) Open(string name) =>
        (CausalLM.Load(Directory(name), ScalarType.Float32, CPU), Expected(name));
}
