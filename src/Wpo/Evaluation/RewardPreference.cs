namespace Wpo.Evaluation;

/// <summary>An AlpacaEval preference from a reward model: 1 + σ(r_model − r_reference), in (1, 2); 1.5 when the rewards are equal.</summary>
public static class RewardPreference
{
    public static double Of(double modelReward, double referenceReward) => 1 + 1 / (1 + Math.Exp(referenceReward - modelReward));
}
