using System.Security.Cryptography;
using System.Text;
using Wpo.Data;

namespace Wpo.Training;

/// <summary>
/// Short hashes that tell whether saved state still fits the run: the tokenized pairs (ids and prompt lengths),
/// the batch plan (every step's pair indices), and a model directory (its config and the sizes of its weights).
/// </summary>
public static class RunFingerprint
{
    public static string Pairs(IReadOnlyList<TokenizedPair> pairs)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (TokenizedPair pair in pairs)
        {
            Append(hash, pair.ChosenIds);
            Append(hash, [pair.ChosenPromptLength]);
            Append(hash, pair.RejectedIds);
            Append(hash, [pair.RejectedPromptLength]);
        }
        return Hex(hash);
    }

    public static string Plan(BatchPlan plan)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, [plan.StepsPerEpoch]);
        foreach (PlannedStep step in plan.Steps)
            foreach (int[] microBatch in step.MicroBatches)
                Append(hash, microBatch);
        return Hex(hash);
    }

    public static string ModelDirectory(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(File.ReadAllBytes(Path.Combine(directory, "config.json")));
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*.safetensors").OrderBy(file => file.Name, StringComparer.Ordinal))
            hash.AppendData(Encoding.UTF8.GetBytes($"{file.Name}:{file.Length};"));
        return Hex(hash);
    }

    public static string Of(params string[] parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string part in parts) hash.AppendData(Encoding.UTF8.GetBytes(part + "\n"));
        return Hex(hash);
    }

    static void Append(IncrementalHash hash, int[] values)
    {
        hash.AppendData(BitConverter.GetBytes(values.Length));
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }

    static string Hex(IncrementalHash hash) => Convert.ToHexString(hash.GetHashAndReset())[..16].ToLowerInvariant();
}
