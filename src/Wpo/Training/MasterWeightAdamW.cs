using TorchSharp;
using Wpo.Modeling;
using static TorchSharp.torch;

namespace Wpo.Training;

/// <summary>
/// torch.optim.AdamW over a model's parameters with transformers' decay groups and global-norm clipping. A model in
/// bf16 (or fp16) computes in its dtype while this optimizer keeps fp32 master weights and fp32 moments: each step
/// updates the masters and copies them, rounded, into the model. Gradients of all but the last micro-batch of a step
/// are moved into fp32 accumulators (<see cref="KeepGradients"/>); with one micro-batch none are allocated. A model
/// in float32 or float64 is its own master. Only parameters that require gradients are optimized: with LoRA, the
/// frozen base gets no slot (no master, no moments) and the fp32 adapters are their own masters.
/// </summary>
public sealed class MasterWeightAdamW : IDisposable
{
    readonly IReadOnlyList<Slot> slots;
    readonly AdamWSettings settings;

    public MasterWeightAdamW(CausalLM model, AdamWSettings settings)
    {
        this.settings = settings;
        using var noGrad = torch.no_grad();
        slots = [.. DecayGroups.Of(model).Where(entry => entry.Parameter.requires_grad)
            .Select(entry => new Slot(entry.Name, entry.Parameter, entry.Decays, entry.Parameter.dtype is ScalarType.BFloat16 or ScalarType.Float16))];
        Mixed = slots.Any(slot => slot.Separate);
    }

    /// <summary>Whether master weights are separate fp32 copies.</summary>
    public bool Mixed { get; }

    /// <summary>Optimizer steps taken (AdamW's bias-correction count).</summary>
    public long StepCount { get; private set; }

    /// <summary>Moves the model's gradients into the fp32 accumulators (mixed precision; between micro-batches of a step).</summary>
    public void KeepGradients()
    {
        if (!Mixed) return;
        using var noGrad = torch.no_grad();
        foreach (Slot slot in slots) slot.Keep();
    }

    /// <summary>
    /// Clips the step's gradients to <paramref name="maxGradNorm"/> (torch's clip_grad_norm_) and applies one AdamW
    /// update at <paramref name="learningRate"/>; returns the norm before clipping. Gradients are cleared after.
    /// </summary>
    public double Step(double learningRate, double maxGradNorm)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        // One parameter's fp32 gradient at a time (converted once for the norm and again for the update), so a bf16
        // model never holds an fp32 copy of every gradient at once: at 1 B parameters that would be 4 GB more.
        var norms = new List<Tensor>(slots.Count);
        foreach (Slot slot in slots)
        {
            using var gradient = slot.Gradient();
            if (gradient is not null) norms.Add(torch.linalg.vector_norm(gradient));
        }
        double norm = norms.Count == 0 ? 0 : torch.linalg.vector_norm(torch.stack(norms)).ToDouble();
        double clip = maxGradNorm / (norm + 1e-6);
        if (!double.IsFinite(norm)) return norm;
        StepCount++;
        double correction1 = 1 - Math.Pow(settings.Beta1, StepCount);
        double correction2 = Math.Sqrt(1 - Math.Pow(settings.Beta2, StepCount));
        foreach (Slot slot in slots)
        {
            using var gradient = slot.Gradient();
            if (gradient is null) continue;
            if (clip < 1) gradient.mul_(clip);
            slot.Update(gradient, learningRate, settings, correction1, correction2);
            slot.Clear();
        }
        ClearGradients();
        return norm;
    }

    /// <summary>Drops the gradients (and accumulators) without stepping.</summary>
    public void ClearGradients()
    {
        foreach (Slot slot in slots) slot.Clear();
    }

    /// <summary>Master weights (mixed only) and moments by parameter name, for a checkpoint.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> State() => slots.SelectMany(slot => slot.State());

    /// <summary>
    /// Restores <see cref="State"/> and the step count from a checkpoint; the model gets the masters' values.
    /// <paramref name="read"/> returns a saved tensor by name (or null): each is copied into place and disposed
    /// before the next is read, so resuming never holds a second copy of the whole optimizer state.
    /// </summary>
    public void Load(Func<string, Tensor?> read, long stepCount)
    {
        using var noGrad = torch.no_grad();
        foreach (Slot slot in slots) slot.Load(read);
        StepCount = stepCount;
    }

    public void Dispose()
    {
        foreach (Slot slot in slots) slot.Dispose();
    }

    sealed class Slot : IDisposable
    {
        readonly string name;
        readonly TorchSharp.Modules.Parameter model;
        readonly bool decays;
        readonly Tensor master;
        readonly Tensor expAvg;
        readonly Tensor expAvgSq;
        Tensor? accumulated;

        public Slot(string name, TorchSharp.Modules.Parameter model, bool decays, bool mixed)
        {
            this.name = name;
            this.model = model;
            this.decays = decays;
            master = mixed ? model.detach().to(ScalarType.Float32).DetachFromDisposeScope() : model;
            expAvg = torch.zeros_like(master).DetachFromDisposeScope();
            expAvgSq = torch.zeros_like(master).DetachFromDisposeScope();
        }

        public bool Separate => !ReferenceEquals(master, model);

        public void Keep()
        {
            using Tensor? gradient = model.grad;
            if (gradient is null) return;
            if (accumulated is null) accumulated = gradient.to(ScalarType.Float32).DetachFromDisposeScope();
            else accumulated.add_(gradient);
            model.grad = null;
        }

        /// <summary>The step's gradient in the master's dtype (a new tensor or an alias: the caller disposes it), or null.</summary>
        public Tensor? Gradient()
        {
            using Tensor? gradient = model.grad;
            if (!Separate) return gradient?.alias();
            if (accumulated is not null)
            {
                if (gradient is not null)
                {
                    accumulated.add_(gradient);
                    model.grad = null;
                }
                return accumulated.alias();
            }
            return gradient?.to(ScalarType.Float32);
        }

        /// <summary>torch's single-tensor AdamW (decoupled decay, bias-corrected moments).</summary>
        public void Update(Tensor gradient, double lr, AdamWSettings settings, double correction1, double correction2)
        {
            if (decays && settings.WeightDecay != 0) master.mul_(1 - lr * settings.WeightDecay);
            expAvg.mul_(settings.Beta1).add_(gradient, alpha: 1 - settings.Beta1);
            expAvgSq.mul_(settings.Beta2).addcmul_(gradient, gradient, value: 1 - settings.Beta2);
            using var denominator = (expAvgSq.sqrt() / correction2).add_(settings.Epsilon);
            master.addcdiv_(expAvg, denominator, value: -lr / correction1);
            if (Separate) model.copy_(master);
        }

        public void Clear()
        {
            model.grad = null;
            accumulated?.Dispose();
            accumulated = null;
        }

        public IEnumerable<(string, Tensor)> State()
        {
            if (Separate) yield return ("master." + name, master);
            yield return ("exp_avg." + name, expAvg);
            yield return ("exp_avg_sq." + name, expAvgSq);
        }

        public void Load(Func<string, Tensor?> read)
        {
            foreach (var (key, tensor) in State())
            {
                using Tensor saved = read(key) ?? throw new WpoException($"the optimizer state has no '{key}' (was the checkpoint written for another model or precision?).");
                if (!saved.shape.SequenceEqual(tensor.shape)) throw new WpoException($"the optimizer state's '{key}' has shape [{string.Join(", ", saved.shape)}], the model needs [{string.Join(", ", tensor.shape)}].");
                tensor.copy_(saved);
            }
            if (Separate) model.copy_(master);
        }

        public void Dispose()
        {
            Clear();
            if (Separate) master.Dispose();
            expAvg.Dispose();
            expAvgSq.Dispose();
        }
    }
}
