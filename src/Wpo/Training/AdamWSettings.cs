namespace Wpo.Training;

/// <summary>torch.optim.AdamW's hyper-parameters (the recipe's <c>adam_beta1</c>, <c>adam_beta2</c>, <c>adam_epsilon</c>, <c>weight_decay</c>).</summary>
public sealed record AdamWSettings(double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 0)
{
    public static AdamWSettings From(TrainingConfig config) =>
        new(config.AdamBeta1, config.AdamBeta2, config.AdamEpsilon, config.WeightDecay);
}
