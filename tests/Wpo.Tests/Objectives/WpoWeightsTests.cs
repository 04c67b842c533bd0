using Wpo.Objectives;
using static TorchSharp.torch;

namespace Wpo.Tests.Objectives;

public sealed class WpoWeightsTests
{
    static readonly double[] Chosen = [0.3, -1.0, -0.2];
    static readonly double[] Rejected = [0.2, -0.5, -3.0];

    static double[] Weights(double[] chosen, double[] rejected, WeightMode mode, bool clamp) =>
        Close.Doubles(WpoWeights.Compute(tensor(chosen), tensor(rejected), mode, clamp));

    [Fact]
    public void Both_responses_multiply_and_the_clamp_caps_only_weights_above_one()
    {
        using var scope = NewDisposeScope();
        double[] expected = [Math.Exp(0.5), Math.Exp(-1.5), Math.Exp(-3.2)];

        Close.Values("unclamped", expected, Weights(Chosen, Rejected, WeightMode.Both, clamp: false), 1e-15);
        Close.Values("clamped", [1, expected[1], expected[2]], Weights(Chosen, Rejected, WeightMode.Both, clamp: true), 1e-15);
    }

    [Theory]
    [InlineData(WeightMode.ChosenOnly)]
    [InlineData(WeightMode.RejectedOnly)]
    public void A_one_sided_weight_depends_on_its_side_alone(WeightMode mode)
    {
        using var scope = NewDisposeScope();
        var side = mode == WeightMode.ChosenOnly ? Chosen : Rejected;
        double[] otherSide = [-7.0, 4.0, 0.0];
        var weights = mode == WeightMode.ChosenOnly
            ? Weights(Chosen, otherSide, mode, clamp: false)
            : Weights(otherSide, Rejected, mode, clamp: false);

        Close.Values(mode.ToString(), side.Select(Math.Exp).ToArray(), weights, 1e-15);
    }

    [Fact]
    public void Weights_are_detached_and_the_clamp_cannot_overflow()
    {
        using var scope = NewDisposeScope();
        var chosen = tensor(new[] { 800.0, -1.0 }).requires_grad_();
        var weights = WpoWeights.Compute(chosen, tensor(new[] { 5.0, -1.0 }), WeightMode.Both, clampAtOne: true);

        Assert.False(weights.requires_grad);
        Close.Values("weights", [1, Math.Exp(-2)], Close.Doubles(weights), 1e-15);
    }

    [Fact]
    public void Mismatched_sides_are_an_error()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<WpoException>(() => WpoWeights.Compute(tensor(Chosen), tensor(new[] { 1.0 }), WeightMode.Both, true));
    }
}
