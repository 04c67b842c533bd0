using TorchSharp;
using Wpo.Data;
using Wpo.Modeling;
using Wpo.Objectives;

namespace Wpo.Training;

/// <summary>What one optimisation step logged: the loss metrics (TRL's names plus wpo/*), the gradient norm before clipping, the learning rate.</summary>
public sealed record StepResult(IReadOnlyDictionary<string, double> Metrics, double GradNorm, double LearningRate);

/// <summary>
/// One optimisation step of the policy on a preference batch: score the batch with the chunked head, compute the
/// weighted preference loss against the precomputed reference log-probs, backpropagate, clip the gradient norm
/// (<c>max_grad_norm</c>) and step the optimizer.
/// </summary>
public sealed class PreferenceStep(CausalLM policy, torch.optim.Optimizer optimizer, LossOptions loss, ScoreOptions scores, double maxGradNorm = 1.0)
{
    readonly IReadOnlyList<TorchSharp.Modules.Parameter> parameters = policy.parameters().ToList();
    // Clipping to 0 would zero every gradient, a run that silently never moves.
    readonly double maxGradNorm = maxGradNorm > 0 ? maxGradNorm
        : throw new WpoException($"max_grad_norm must be a positive number (transformers' default is 1.0), got {maxGradNorm}.");

    public StepResult Run(PreferenceBatch batch, torch.Tensor? referenceLogps, double learningRate)
    {
        using var scope = torch.NewDisposeScope();
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
        optimizer.zero_grad();
        var result = PreferenceLoss.Compute(BatchScoring.Score(policy, batch, scores), referenceLogps, loss);
        result.Loss.backward();
        double gradNorm = torch.nn.utils.clip_grad_norm_(parameters, maxGradNorm);
        optimizer.step();
        return new StepResult(result.Metrics, gradNorm, learningRate);
    }
}
