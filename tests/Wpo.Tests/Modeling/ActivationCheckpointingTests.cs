using Wpo.Modeling;
using Wpo.Tests.Objectives;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Wpo.Tests.Modeling;

/// <summary>
/// With activation checkpointing a tiny model gives the same logits and the same gradients as without, for every
/// parameter, with padding and sliding windows, frozen embeddings and gradients accumulated over two backward calls;
/// and the layers really are recomputed in backward, in training only.
/// </summary>
public sealed class ActivationCheckpointingTests
{
    const string WatchedModule = "model.layers.1.mlp";

    public static TheoryData<string, ScalarType> Cases()
    {
        var cases = new TheoryData<string, ScalarType>();
        foreach (var modelType in TinyModels.Types)
            foreach (var dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
                cases.Add(modelType, dtype);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Logits_and_every_gradient_match_the_run_without_checkpointing(string modelType, ScalarType dtype)
    {
        using var model = TinyModels.Create(modelType, dtype, seed: 3);
        using var scope = NewDisposeScope();
        var (ids, mask) = PaddedBatch(model, seed: 40);

        var plain = Run(model, checkpointed: false, [(ids, mask)]);
        var checkpointed = Run(model, checkpointed: true, [(ids, mask)]);

        Assert.True(TinyModels.Identical(plain.Logits, checkpointed.Logits), $"{modelType} {dtype}: logits differ");
        AssertSameGradients($"{modelType} {dtype}", plain, checkpointed, Tolerance(dtype));
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("gemma2")]
    public void Gradients_accumulated_over_two_backward_calls_match(string modelType)
    {
        using var model = TinyModels.Create(modelType, ScalarType.Float64, seed: 5);
        using var scope = NewDisposeScope();
        (Tensor, Tensor)[] batches = [PaddedBatch(model, seed: 41), PaddedBatch(model, seed: 42)];

        var plain = Run(model, checkpointed: false, batches);
        var checkpointed = Run(model, checkpointed: true, batches);

        AssertSameGradients($"{modelType}, two backward calls", plain, checkpointed, Tolerance(ScalarType.Float64));
    }

    [Fact]
    public void Layers_get_their_gradients_when_the_embeddings_are_frozen()
    {
        // The first layer's input then needs no gradient: the layer's parameters alone must put it in the graph.
        using var model = TinyModels.Create("llama", ScalarType.Float64, seed: 6);
        using var scope = NewDisposeScope();
        model.NamedParameters().Single(p => p.Name == "model.embed_tokens.weight").Parameter.requires_grad = false;
        var (ids, mask) = PaddedBatch(model, seed: 43);

        var plain = Run(model, checkpointed: false, [(ids, mask)]);
        var checkpointed = Run(model, checkpointed: true, [(ids, mask)]);

        Assert.DoesNotContain("model.embed_tokens.weight", checkpointed.Parameters.Keys);
        Assert.Contains("model.layers.0.self_attn.q_proj.weight", checkpointed.Parameters.Keys);
        AssertSameGradients("llama, frozen embeddings", plain, checkpointed, Tolerance(ScalarType.Float64));
    }

    [Fact]
    public void A_layer_runs_without_gradients_in_forward_and_again_with_them_in_backward()
    {
        using var model = TinyModels.Create("llama", ScalarType.Float64);
        using var scope = NewDisposeScope();
        var (ids, mask) = PaddedBatch(model, seed: 44);
        model.GradientCheckpointing = true;

        var calls = WatchGradientMode(model);
        var logits = model.Forward(ids, attentionMask: mask);
        Assert.Equal([false], calls);
        logits.sum().backward();
        Assert.Equal([false, true], calls);
    }

    [Fact]
    public void Inference_and_cached_decoding_run_each_layer_once_as_without_checkpointing()
    {
        using var model = TinyModels.Create("llama", ScalarType.Float64);
        using var scope = NewDisposeScope();
        var ids = TinyModels.RandomIds(1, 6, model.Config.VocabSize, seed: 45);
        model.GradientCheckpointing = true;
        var calls = WatchGradientMode(model);

        using (no_grad()) model.Forward(ids);
        using (var cache = KvCache.For(model)) model.Forward(ids, cache: cache).sum().backward();

        Assert.Equal([false, true], calls);
    }

    sealed record Gradients(Tensor Logits, Tensor LogitGradient, IReadOnlyDictionary<string, Tensor> Parameters);

    /// <summary>Backpropagates each batch's next-token loss without clearing gradients in between; the last batch's logits.</summary>
    static Gradients Run(CausalLM model, bool checkpointed, (Tensor Ids, Tensor Mask)[] batches)
    {
        model.GradientCheckpointing = checkpointed;
        foreach (var (_, parameter) in model.NamedParameters()) parameter.grad = null;
        Tensor logits = null!;
        foreach (var (ids, mask) in batches)
        {
            logits = model.Forward(ids, attentionMask: mask);
            logits.retain_grad();
            Loss(logits, ids, mask).backward();
        }
        var parameters = model.NamedParameters()
            .Where(p => p.Parameter.grad is not null)
            .ToDictionary(p => p.Name, p => p.Parameter.grad!.clone());
        return new Gradients(logits.detach(), logits.grad!, parameters);
    }

    /// <summary>Mean cross-entropy of each real token's next token.</summary>
    static Tensor Loss(Tensor logits, Tensor ids, Tensor mask)
    {
        long length = ids.shape[1];
        var predicted = logits.narrow(1, 0, length - 1).reshape(-1, logits.shape[2]);
        var losses = F.cross_entropy(predicted, ids.narrow(1, 1, length - 1).reshape(-1), reduction: nn.Reduction.None);
        var real = mask.narrow(1, 1, length - 1).reshape(-1).to(losses.dtype);
        return (losses * real).sum() / real.sum();
    }

    /// <summary>Two rows of 9 tokens, the second left-padded by 3, so attention takes the explicit-mask path.</summary>
    static (Tensor Ids, Tensor Mask) PaddedBatch(CausalLM model, long seed)
    {
        var ids = TinyModels.RandomIds(2, 9, model.Config.VocabSize, seed);
        var mask = ones([2, 9], ScalarType.Int64);
        mask[1, TensorIndex.Slice(0, 3)] = tensor(0L);
        return (ids, mask);
    }

    static void AssertSameGradients(string what, Gradients expected, Gradients actual, double tolerance)
    {
        Close.ByScale($"{what}: logit gradient", expected.LogitGradient, actual.LogitGradient, tolerance);
        Assert.Equal(expected.Parameters.Keys.Order(), actual.Parameters.Keys.Order());
        foreach (var (name, gradient) in expected.Parameters)
            Close.ByScale($"{what}: {name}", gradient, actual.Parameters[name], tolerance);
    }

    static double Tolerance(ScalarType dtype) => dtype == ScalarType.Float64 ? 1e-10 : 1e-5;

    /// <summary>Whether gradients were recorded, for each call of one layer's feed-forward block.</summary>
    static List<bool> WatchGradientMode(CausalLM model)
    {
        var calls = new List<bool>();
        var module = (FeedForward)model.named_modules().Single(m => m.name == WatchedModule).module;
        module.register_forward_hook((_, _, output) =>
        {
            calls.Add(is_grad_enabled());
            return output;
        });
        return calls;
    }
}
