using TorchSharp;
using Wpo.Data;
using Wpo.Modeling;
using Wpo.Objectives;

namespace Wpo.Training;

/// <summary>How a run ended.</summary>
public enum TrainingOutcome
{
    Completed,
    /// <summary>Stopped at a step boundary by the cancellation token (Ctrl-C); a checkpoint was written.</summary>
    Interrupted,
}

/// <summary>
/// The training loop (orchestration only: the math is in <see cref="PreferenceLoss"/> and <see cref="MasterWeightAdamW"/>).
/// Each optimizer step scores its micro-batches, divides each micro-batch loss by their count before backward (as
/// transformers does), clips and steps at the schedule's learning rate, and logs every <c>logging_steps</c>. A
/// non-finite loss or gradient stops the run naming the step and the batch's dataset rows.
/// </summary>
public sealed class Trainer(
    CausalLM policy,
    IReadOnlyList<TokenizedPair> pairs,
    long padId,
    BatchPlan plan,
    TrainingConfig config,
    ReferenceScores reference,
    TimeProvider? clock = null)
{
    readonly TimeProvider clock = clock ?? TimeProvider.System;
    readonly int warmupSteps = config.WarmupStepsFor(plan.TotalSteps);

    public ITrainingObserver Observer { get; init; } = new SilentObserver();

    /// <summary>Called after a logging step with the row, for evaluation (returns the eval row or null).</summary>
    public Func<int, MetricRow?>? Evaluate { get; init; }

    /// <summary>Called to write a checkpoint after the given 1-based step.</summary>
    public Action<int>? Save { get; init; }

    public int WarmupSteps => warmupSteps;

    /// <summary>Runs the plan from <paramref name="state"/>'s step to the end, updating the state as it goes.</summary>
    public TrainingOutcome Run(MasterWeightAdamW optimizer, TrainerState state, MetricsLog log, CancellationToken cancel = default)
    {
        policy.train();
        Observer.Started(state.GlobalStep, plan.TotalSteps);
        for (int index = state.GlobalStep; index < plan.TotalSteps; index++)
        {
            long started = clock.GetTimestamp();
            var (metrics, gradNorm, learningRate, tokens) = Step(optimizer, index);
            double seconds = clock.GetElapsedTime(started, clock.GetTimestamp()).TotalSeconds;
            int step = index + 1;
            state.GlobalStep = step;
            state.Epoch = (double)step / plan.StepsPerEpoch;
            state.ElapsedSeconds += seconds;
            state.Window.Add(metrics, gradNorm, learningRate, tokens, seconds);
            Observer.Stepped(step, metrics, seconds > 0 ? tokens / seconds : 0);
            if (step % config.LoggingSteps == 0 || step == plan.TotalSteps) Write(state, log, state.Window.Flush(step, state.Epoch, state.ElapsedSeconds));
            if (step < plan.TotalSteps && config.EvaluatesAt(step, plan.StepsPerEpoch) && Evaluate?.Invoke(step) is { } evaluation) Write(state, log, evaluation);
            if (cancel.IsCancellationRequested)
            {
                Observer.Notice($"interrupted after step {step}; writing a checkpoint");
                Save?.Invoke(step);
                return TrainingOutcome.Interrupted;
            }
            if (step < plan.TotalSteps && config.SavesAt(step, plan.StepsPerEpoch)) Save?.Invoke(step);
        }
        return TrainingOutcome.Completed;
    }

    void Write(TrainerState state, MetricsLog log, MetricRow row)
    {
        log.Write(row);
        state.LogHistory.Add(row.ToJson());
        Observer.Logged(row);
    }

    (IReadOnlyDictionary<string, double> Metrics, double GradNorm, double LearningRate, long Tokens) Step(MasterWeightAdamW optimizer, int index)
    {
        double learningRate = config.LearningRate * LearningRateSchedule.Factor(config.LrSchedulerType, index, plan.TotalSteps, warmupSteps);
        var microBatches = plan.Steps[index].MicroBatches;
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        long tokens = 0;
        for (int m = 0; m < microBatches.Count; m++)
        {
            using var scope = torch.NewDisposeScope();
            int[] indices = microBatches[m];
            var (scores, realTokens) = Score([.. indices.Select(i => pairs[i])]);
            tokens += realTokens;
            var result = PreferenceLoss.Compute(scores, reference.For(indices, pairs, padId, policy.Device), config.Loss);
            if (!double.IsFinite(result.Metrics["loss"])) throw NonFinite(index, "loss", result.Metrics["loss"], indices);
            (result.Loss / microBatches.Count).backward();
            if (m < microBatches.Count - 1) optimizer.KeepGradients();
            foreach (var (key, value) in result.Metrics) sums[key] = sums.GetValueOrDefault(key) + value;
        }
        double gradNorm = optimizer.Step(learningRate, config.MaxGradNorm);
        if (!double.IsFinite(gradNorm))
        {
            optimizer.ClearGradients();
            throw NonFinite(index, "gradient norm", gradNorm, [.. microBatches.SelectMany(batch => batch)]);
        }
        return (sums.ToDictionary(pair => pair.Key, pair => pair.Value / microBatches.Count), gradNorm, learningRate, tokens);
    }

    /// <summary>A micro-batch scored padded, or packed into rows of <c>max_length</c> with <c>packing: true</c>.</summary>
    (SequenceScores Scores, long RealTokens) Score(IReadOnlyList<TokenizedPair> group)
    {
        if (config.PackedRowLength is int rowLength)
        {
            var packed = SequencePacker.Pack(group, rowLength, padId);
            return (BatchScoring.Score(policy, packed, config.Scores), packed.Sequences.Sum(sequence => (long)sequence.Length));
        }
        var batch = PreferenceBatch.Collate(group, padId);
        return (BatchScoring.Score(policy, batch, config.Scores), batch.RealTokens);
    }

    WpoException NonFinite(int index, string what, double value, IReadOnlyList<int> indices) =>
        new($"step {index + 1}: the {what} is {value}; the run stops (the last checkpoint, if any, is intact). " +
            $"The batch holds: {string.Join("; ", indices.Select(i => pairs[i].Origin.ToString()))}.");

    sealed class SilentObserver : ITrainingObserver;
}
