namespace Wpo.Modeling;

/// <summary>How rotary frequencies are stretched for long contexts (<c>rope_scaling</c> in config.json).</summary>
public enum RopeScalingType
{
    /// <summary>Every inverse frequency divided by <see cref="RopeScaling.Factor"/> (position interpolation).</summary>
    Linear,

    /// <summary>Llama 3.1's rule: low frequencies divided by the factor, high ones kept, a smooth blend between.</summary>
    Llama3,
}

/// <summary>The <c>rope_scaling</c> block of config.json; the Llama 3 fields are unused for <see cref="RopeScalingType.Linear"/>.</summary>
public sealed record RopeScaling(
    RopeScalingType Type,
    double Factor,
    double LowFreqFactor = 0,
    double HighFreqFactor = 0,
    int OriginalMaxPositionEmbeddings = 0)
{
    public static IReadOnlyList<string> SupportedTypes { get; } = ["default", "linear", "llama3"];

    /// <summary>Reads <c>rope_scaling</c> (key <c>rope_type</c>, or the older <c>type</c>); null for none or "default".</summary>
    internal static RopeScaling? Read(ConfigJson config, string key)
    {
        var block = config.Object(key);
        if (block is null) return null;
        var scaling = new ConfigJson(block, $"{config.Source} {key}");
        string type = scaling.String("rope_type", null) ?? scaling.String("type", null) ?? "default";
        return type switch
        {
            "default" => null,
            "linear" => new RopeScaling(RopeScalingType.Linear, scaling.RequiredPositiveDouble("factor")),
            "llama3" => new RopeScaling(
                RopeScalingType.Llama3,
                scaling.RequiredPositiveDouble("factor"),
                scaling.RequiredPositiveDouble("low_freq_factor"),
                scaling.RequiredPositiveDouble("high_freq_factor"),
                scaling.RequiredPositiveInt("original_max_position_embeddings")),
            _ => throw new ModelConfigException(
                $"{config.Source}: {key} type '{type}' is not supported; supported: {string.Join(", ", SupportedTypes)}."),
        };
    }

    public override string ToString() => Type switch
    {
        RopeScalingType.Linear => $"linear ×{Factor}",
        _ => $"llama3 ×{Factor} (low {LowFreqFactor}, high {HighFreqFactor}, original {OriginalMaxPositionEmbeddings})",
    };
}
