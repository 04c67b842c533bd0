namespace Wpo.Training;

/// <summary>
/// transformers' schedules as functions of the step: linear warm-up over the first warm-up steps, then cosine decay
/// to 0 (<c>lr_scheduler_type: cosine</c>, both WPO recipes with <c>warmup_ratio: 0.1</c>), linear decay, or constant
/// (<c>constant</c> ignores the warm-up, as transformers' <c>get_scheduler</c> does; <c>constant_with_warmup</c> has it).
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>The warm-up steps transformers derives from <c>warmup_ratio</c>: ceil(ratio × total).</summary>
    public static int WarmupSteps(double warmupRatio, int totalSteps) => (int)Math.Ceiling(warmupRatio * totalSteps);

    /// <summary>The multiplier of the peak learning rate at <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>.</summary>
    public static double Factor(string type, int step, int totalSteps, int warmupSteps)
    {
        double progress = (double)(step - warmupSteps) / Math.Max(1, totalSteps - warmupSteps);
        double decay = type switch
        {
            "cosine" => Math.Max(0, 0.5 * (1 + Math.Cos(Math.PI * progress))),
            "linear" => Math.Max(0, 1 - progress),
            "constant" or "constant_with_warmup" => 1,
            _ => throw new WpoException($"lr_scheduler_type '{type}' is not supported; supported: cosine, linear, constant, constant_with_warmup."),
        };
        bool warmingUp = step < warmupSteps && type != "constant";
        return warmingUp ? (double)step / Math.Max(1, warmupSteps) : decay;
    }
}
