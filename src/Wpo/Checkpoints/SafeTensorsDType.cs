using TorchSharp;

namespace Wpo.Checkpoints;

/// <summary>The SafeTensors dtype names LLM checkpoints use, and their torch equivalents.</summary>
public static class SafeTensorsDType
{
    static readonly (string Name, torch.ScalarType Type, int Size)[] Table =
    [
        ("F64", torch.ScalarType.Float64, 8),
        ("F32", torch.ScalarType.Float32, 4),
        ("F16", torch.ScalarType.Float16, 2),
        ("BF16", torch.ScalarType.BFloat16, 2),
        ("I64", torch.ScalarType.Int64, 8),
        ("I32", torch.ScalarType.Int32, 4),
        ("I16", torch.ScalarType.Int16, 2),
        ("I8", torch.ScalarType.Int8, 1),
        ("U8", torch.ScalarType.Byte, 1),
        ("BOOL", torch.ScalarType.Bool, 1),
    ];

    public static IReadOnlyList<string> Names { get; } = Table.Select(t => t.Name).ToArray();

    public static IReadOnlyList<torch.ScalarType> Types { get; } = Table.Select(t => t.Type).ToArray();

    public static bool TryParse(string name, out torch.ScalarType type)
    {
        foreach (var entry in Table)
            if (entry.Name == name) { type = entry.Type; return true; }
        type = default;
        return false;
    }

    public static bool IsSupported(torch.ScalarType type) => Table.Any(entry => entry.Type == type);

    public static string NameOf(torch.ScalarType type) => Find(type).Name;

    /// <summary>Bytes per element.</summary>
    public static int SizeOf(torch.ScalarType type) => Find(type).Size;

    static (string Name, torch.ScalarType Type, int Size) Find(torch.ScalarType type)
    {
        foreach (var entry in Table)
            if (entry.Type == type) return entry;
        throw new ArgumentException($"SafeTensors has no dtype for torch {type}; supported: {string.Join(", ", Names)}.");
    }
}
