namespace Wpo.Modeling.Lora;

/// <summary>
/// A LoRA adapter's settings, as PEFT's <c>LoraConfig</c> names them: rank <c>r</c>, <c>lora_alpha</c>,
/// <c>lora_dropout</c> (applied to the input of A while training), <c>target_modules</c> (decoder projections by
/// name, or <c>all-linear</c>: every projection but the head) and <c>use_rslora</c> (scaling α/√r instead of α/r).
/// </summary>
public sealed record LoraConfig
{
    /// <summary>PEFT's shorthand for every linear layer of the decoder (the output head excepted).</summary>
    public const string AllLinear = "all-linear";

    /// <summary>The decoder's linear layers, in the order a layer holds them.</summary>
    public static readonly IReadOnlyList<string> Projections = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    /// <summary>PEFT's default for llama, mistral, qwen2, gemma and gemma2 when no target_modules are given.</summary>
    public static readonly IReadOnlyList<string> DefaultTargets = ["q_proj", "v_proj"];

    public int Rank { get; init; } = 8;
    public double Alpha { get; init; } = 8;
    public double Dropout { get; init; }
    public bool UseRslora { get; init; }

    /// <summary>The projections adapted, each once, in <see cref="Projections"/> order.</summary>
    public IReadOnlyList<string> TargetModules { get; init; } = DefaultTargets;

    /// <summary>The factor of <c>B·A·x</c>: α/r, or α/√r with rsLoRA (PEFT's <c>update_layer</c>).</summary>
    public double Scaling => UseRslora ? Alpha / Math.Sqrt(Rank) : Alpha / Rank;

    /// <summary>
    /// The targets a list names (<c>all-linear</c> alone means all seven), checked: an unknown name throws a
    /// <see cref="WpoException"/> that says which ones exist.
    /// </summary>
    public static IReadOnlyList<string> Targets(IReadOnlyList<string> names, string origin)
    {
        if (names.Count == 0) throw new WpoException($"{origin}: no target modules given; name some of {string.Join(", ", Projections)} or {AllLinear}.");
        if (names.Contains(AllLinear)) return names.Count == 1 ? Projections : throw new WpoException($"{origin}: {AllLinear} already names every projection; give it alone.");
        foreach (string name in names)
            if (!Projections.Contains(name))
                throw new WpoException($"{origin}: '{name}' is not a linear layer of the decoder; the targets are {string.Join(", ", Projections)} or {AllLinear}.");
        return [.. Projections.Where(names.Contains)];
    }

    /// <summary>Checks rank, alpha and dropout; the message names <paramref name="origin"/>.</summary>
    public LoraConfig Validated(string origin)
    {
        if (Rank < 1) throw new WpoException($"{origin}: lora_r is {Rank}; the rank must be at least 1.");
        if (!(Alpha > 0) || !double.IsFinite(Alpha)) throw new WpoException($"{origin}: lora_alpha is {Alpha}; it must be a positive number.");
        if (!(Dropout >= 0 && Dropout < 1)) throw new WpoException($"{origin}: lora_dropout is {Dropout}; it must be in [0, 1).");
        Targets(TargetModules, origin);
        return this;
    }

    /// <summary>Whether a model parameter name is one of the base projection weights this config adapts.</summary>
    public bool Adapts(string parameterName)
    {
        var parts = parameterName.Split('.');
        return parts.Length == 6 && parts[0] == "model" && parts[1] == "layers" && parts[5] == "weight" && TargetModules.Contains(parts[4]);
    }

    /// <summary>Adapter parameters a model of <paramref name="config"/> gets: r · (in + out) per adapted projection.</summary>
    public long ParameterCount(ModelConfig config) =>
        CausalLM.ParameterShapes(config).Where(p => Adapts(p.Name)).Sum(p => (long)Rank * (p.Shape[0] + p.Shape[1]));
}
