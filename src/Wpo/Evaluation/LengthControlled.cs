namespace Wpo.Evaluation;

/// <summary>
/// AlpacaEval's length-controlled win rate from fitted GLM weights (<c>metrics/glm_winrate.py</c>): the GLM's
/// prediction of the model's preference with the length term at zero, p_i = σ(θ_bias + θ_difficulty · d_i),
/// averaged over the instructions.
/// </summary>
public static class LengthControlled
{
    /// <summary>LC = 100 · mean p_i and its standard error 100 · sem(p_i), as get_length_controlled_winrate reports them.</summary>
    public static (double WinRate, double StandardError) Of(GlmWeights model, InstructionDifficulty difficulty) =>
        Against(model, new GlmWeights(0, 0, 0), difficulty);

    /// <summary>
    /// AlpacaEval's <c>predict_winrate</c>: the LC win rate of <paramref name="model"/> against another
    /// <paramref name="baseline"/> fitted against the same reference, from the difference of their weights.
    /// </summary>
    public static (double WinRate, double StandardError) Against(GlmWeights model, GlmWeights baseline, InstructionDifficulty difficulty)
    {
        double bias = model.Bias - baseline.Bias, slope = model.Difficulty - baseline.Difficulty;
        var predictions = difficulty.Values.Select(d => Logistic(bias + slope * d)).ToList();
        return (100 * predictions.Average(), 100 * Statistics.StandardErrorOfMean(predictions));
    }

    /// <summary>σ(x) = exp(−log(1 + e^−x)), computed as AlpacaEval does so large |x| neither overflows nor loses digits.</summary>
    public static double Logistic(double x) => Math.Exp(-LogAddExp0(-x));

    static double LogAddExp0(double x) => x > 0 ? x + double.LogP1(Math.Exp(-x)) : double.LogP1(Math.Exp(x));
}
