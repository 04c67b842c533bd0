using Wpo.Data;

namespace Wpo.Training;

/// <summary>One optimizer step: its epoch (0-based) and the pair indices of each of its micro-batches.</summary>
public sealed record PlannedStep(int Epoch, IReadOnlyList<int[]> MicroBatches);

/// <summary>
/// The order of a whole run: which pairs each micro-batch of each optimizer step holds. Made from a
/// <see cref="PreferenceBatcher"/> (deterministic for a seed and epoch) or given explicitly, as a golden does.
/// An epoch of m micro-batches makes ceil(m / accumulation) steps, the last one with the remainder.
/// </summary>
public sealed class BatchPlan
{
    BatchPlan(IReadOnlyList<PlannedStep> steps, int stepsPerEpoch)
    {
        Steps = steps;
        StepsPerEpoch = stepsPerEpoch;
    }

    public IReadOnlyList<PlannedStep> Steps { get; }

    public int StepsPerEpoch { get; }

    public int TotalSteps => Steps.Count;

    /// <summary>Optimizer steps of <paramref name="microBatchesPerEpoch"/> micro-batches at <paramref name="accumulation"/>.</summary>
    public static int StepsPer(int microBatchesPerEpoch, int accumulation) => (microBatchesPerEpoch + accumulation - 1) / accumulation;

    /// <summary>transformers' count: <c>max_steps</c> when positive, else ceil(epochs × steps per epoch).</summary>
    public static int TotalStepsFor(int stepsPerEpoch, double epochs, int maxSteps) =>
        maxSteps > 0 ? maxSteps : (int)Math.Ceiling(epochs * stepsPerEpoch);

    public static BatchPlan From(PreferenceBatcher batcher, int accumulation, double epochs, int maxSteps)
    {
        int microBatches = batcher.BatchIndices(0).Count;
        if (microBatches == 0) throw new WpoException("the train split has no pairs to train on (see `wpo data inspect`).");
        int perEpoch = StepsPer(microBatches, accumulation);
        int total = TotalStepsFor(perEpoch, epochs, maxSteps);
        var steps = new List<PlannedStep>(total);
        for (int epoch = 0; steps.Count < total; epoch++)
            steps.AddRange(batcher.BatchIndices(epoch).Chunk(accumulation).Select(group => new PlannedStep(epoch, group)).Take(total - steps.Count));
        return new BatchPlan(steps, perEpoch);
    }

    /// <summary>An explicit plan: step → micro-batches → pair indices.</summary>
    public static BatchPlan Explicit(IReadOnlyList<IReadOnlyList<int[]>> steps, int stepsPerEpoch) =>
        new([.. steps.Select((microBatches, i) => new PlannedStep(i / stepsPerEpoch, microBatches))], stepsPerEpoch);
}
