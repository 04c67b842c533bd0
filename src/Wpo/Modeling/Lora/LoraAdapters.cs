using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Wpo.Modeling.Lora;

/// <summary>
/// The LoRA adapters of one <see cref="CausalLM"/> (none until <see cref="Attach"/>): the attention and feed-forward
/// blocks project through <see cref="Project"/>, which adds an adapter's update where one is attached and
/// <see cref="Enabled"/> is on. Switched off, the model computes exactly as its base: that is the reference of
/// preference training, without a second copy of the weights.
/// </summary>
public sealed class LoraAdapters
{
    readonly Dictionary<Linear, LoraAdapter> adapters = new(ReferenceEqualityComparer.Instance);

    /// <summary>The settings of the attached adapters; null while none are.</summary>
    public LoraConfig? Config { get; private set; }

    /// <summary>Whether the adapters take part in the forward pass (on by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Whether adapters are attached.</summary>
    public bool Attached => Config is not null;

    internal Tensor Project(Linear projection, Tensor x) =>
        Enabled && adapters.TryGetValue(projection, out var adapter) ? adapter.Forward(x) : projection.call(x);

    /// <summary>Runs <paramref name="action"/> with the adapters off (the base model), restoring the switch after.</summary>
    public T WithoutAdapters<T>(Func<T> action)
    {
        bool was = Enabled;
        Enabled = false;
        try
        {
            return action();
        }
        finally
        {
            Enabled = was;
        }
    }

    /// <summary>
    /// Attaches fresh adapters to <paramref name="model"/>'s target projections, initialised as PEFT does
    /// (<c>reset_lora_parameters</c>: A by kaiming_uniform_(a = √5), i.e. U(−1/√in, 1/√in); B zero, so the adapted
    /// model starts equal to its base), A drawn in fp32 on the CPU from a generator seeded with
    /// <paramref name="seed"/>, projection by projection in parameter order. Every base parameter is frozen.
    /// </summary>
    public static void Attach(CausalLM model, LoraConfig config, long seed)
    {
        using var generator = new Generator((ulong)seed);
        AttachWith(model, config, (_, shape) => empty(shape).uniform_(-1 / Math.Sqrt(shape[1]), 1 / Math.Sqrt(shape[1]), generator), (_, shape) => zeros(shape));
    }

    /// <summary>Attaches adapters whose A and B values <paramref name="a"/> and <paramref name="b"/> give (by projection name and shape).</summary>
    internal static void AttachWith(CausalLM model, LoraConfig config, Func<string, long[], Tensor> a, Func<string, long[], Tensor> b) =>
        AttachWith(model, model.Adapters, model.DType, model.Device, config, a, b);

    /// <summary>
    /// The same for any model whose decoder projects through <paramref name="registry"/> (a reward model's decoder):
    /// <paramref name="modelDType"/> is the model's dtype, the adapters are held in its wide dtype on <paramref name="device"/>.
    /// </summary>
    internal static void AttachWith(nn.Module model, LoraAdapters registry, ScalarType modelDType, Device device, LoraConfig config,
        Func<string, long[], Tensor> a, Func<string, long[], Tensor> b)
    {
        if (registry.Attached) throw new InvalidOperationException("this model already has LoRA adapters.");
        var dtype = Precision.Wide(modelDType);
        var parameters = model.named_parameters().ToList();
        foreach (var (_, parameter) in parameters) parameter.requires_grad_(false);
        var modules = model.named_modules().ToDictionary(entry => entry.name, entry => entry.module);
        using var noGrad = no_grad();
        foreach (var (name, shape) in parameters.Where(p => config.Adapts(p.name)).Select(p => (p.name[..^".weight".Length], p.parameter.shape)).ToList())
        {
            using var scope = NewDisposeScope();
            var projection = (Linear)modules[name];
            long output = shape[0], input = shape[1];
            var down = nn.Linear(input, config.Rank, hasBias: false, device, dtype);
            var up = nn.Linear(config.Rank, output, hasBias: false, device, dtype);
            down.weight.copy_(a(name, [config.Rank, input]));
            up.weight.copy_(b(name, [output, config.Rank]));
            registry.adapters.Add(projection, new LoraAdapter(projection, down, up, config.Scaling, config.Dropout));
        }
        registry.Config = config;
    }

    /// <summary>The adapter parameters by model name (<c>model.layers.0.self_attn.q_proj.lora_A.weight</c>), in parameter order.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters(CausalLM model) =>
        [.. model.NamedParameters().Where(p => IsAdapterName(p.Name))];

    /// <summary>Whether a parameter name is an adapter's.</summary>
    public static bool IsAdapterName(string name) => name.EndsWith(".lora_A.weight", StringComparison.Ordinal) || name.EndsWith(".lora_B.weight", StringComparison.Ordinal);

    /// <summary>
    /// Folds every adapter into its projection (<c>W += scaling · B·A</c>, computed in the adapter's dtype and rounded
    /// to W's, as PEFT's <c>merge</c>) and switches the adapters off for good: the model then computes the adapted
    /// function on its own and saves as a plain Hugging Face model.
    /// </summary>
    public void Merge()
    {
        using var noGrad = no_grad();
        foreach (var adapter in adapters.Values)
        {
            using var scope = NewDisposeScope();
            var weight = adapter.Projection.weight;
            weight.copy_((weight.to(adapter.A.weight.dtype) + adapter.Delta()).to(weight.dtype));
        }
        adapters.Clear();
    }
}
