using Wpo.Generation;
using Wpo.Modeling;
using Wpo.Tests.Modeling;
using static TorchSharp.torch;

namespace Wpo.Tests.Generation;

/// <summary>Every folder of goldens/models: sampling settings at temperature 0 decode the reference's greedy tokens.</summary>
[Trait("Category", "Golden")]
public sealed class GoldenGenerationTests
{
    public static TheoryData<string> Models() => SharedFolders.GoldenCases("models");

    [Theory]
    [MemberData(nameof(Models))]
    public void Temperature_0_equals_the_golden_greedy_tokens(string name)
    {
        SharedFolders.Golden("models");
        using var model = CausalLM.Load(GoldenModelTests.Directory(name), ScalarType.Float32, CPU);
        var expected = GoldenModelTests.Expected(name);
        using var prompt = expected.Read("greedy_prompt");
        using var reference = expected.Read("greedy_tokens");
        var settings = new SamplingSettings { DoSample = true, Temperature = 0, TopP = 0.9, MaxNewTokens = (int)reference.shape[1], Seed = 1 };
        long rows = prompt.shape[0], length = prompt.shape[1];
        int[] ids = prompt.data<long>().Select(id => (int)id).ToArray();
        var requests = Enumerable.Range(0, (int)rows).Select(r => new GenerationRequest(ids[(int)(r * length)..(int)((r + 1) * length)], r)).ToList();
        var sequences = new SequenceGenerator(model, settings).Generate(requests);
        Assert.Equal(reference.data<long>().Select(id => (int)id).ToArray(), sequences.SelectMany(s => s.Tokens).ToArray());
    }
}
