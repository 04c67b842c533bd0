using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>The dtype names of config.json's <c>torch_dtype</c> ("bfloat16", "float32", …).</summary>
public static class TorchDTypeName
{
    static readonly (string Name, ScalarType Type)[] Names =
    [
        ("float32", ScalarType.Float32),
        ("bfloat16", ScalarType.BFloat16),
        ("float16", ScalarType.Float16),
        ("float64", ScalarType.Float64),
    ];

    public static string Of(ScalarType dtype) =>
        Names.FirstOrDefault(n => n.Type == dtype).Name
        ?? throw new ArgumentException($"{dtype} is not a floating-point dtype a model can be stored in.", nameof(dtype));

    public static ScalarType? Parse(string? name) =>
        Names.FirstOrDefault(n => n.Name == name) is { Name: not null } found ? found.Type : null;
}
