using System.Text.RegularExpressions;
using TorchSharp;

namespace Wpo.Checkpoints;

/// <summary>
/// Writes the weights of a Hugging Face model directory that both this project and <c>transformers</c> reload:
/// <c>model.safetensors</c>, or shards <c>model-00001-of-0000N.safetensors</c> plus <c>model.safetensors.index.json</c>.
/// </summary>
public static partial class SafeTensorsCheckpointWriter
{
    /// <summary>
    /// Saves <paramref name="tensors"/> into <paramref name="directory"/>, split into shards of at most
    /// <paramref name="maxShardBytes"/> tensor bytes (see <see cref="ShardPlanner"/>), each shard carrying
    /// <paramref name="metadata"/> plus <c>"format": "pt"</c>. Every file is first written under a temporary name;
    /// only when all are complete do they replace the final names, after which the weight files of an earlier save
    /// that this one does not reuse are removed. A failure before that point leaves the directory as it was.
    /// With <paramref name="dtype"/>, every tensor is stored in it, converted only as it is written, so a converted
    /// copy of the whole set never exists at once.
    /// </summary>
    public static void Write(string directory, IEnumerable<(string Name, torch.Tensor Tensor)> tensors, long maxShardBytes,
        IReadOnlyDictionary<string, string>? metadata = null, torch.ScalarType? dtype = null)
    {
        var sources = tensors.ToList();
        var specs = TensorSpec.Describe(sources, dtype);
        var shards = ShardPlanner.Split(specs.Select(s => s.ByteCount).ToList(), maxShardBytes);
        var fullMetadata = SafeTensorsWriter.WithFormat(metadata);
        var files = new List<AtomicFile>();
        try
        {
            var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int shard = 0; shard < shards.Count; shard++)
            {
                string fileName = ShardPlanner.FileName(shard, shards.Count);
                var layout = SafeTensorsLayout.Plan(shards[shard].Select(i => specs[i]).ToList(), fullMetadata);
                var file = AtomicFile.Create(Path.Combine(directory, fileName), layout.FileLength);
                files.Add(file);
                SafeTensorsWriter.WriteContent(file, layout, shards[shard].Select(i => sources[i]));
                foreach (int i in shards[shard]) weightMap[specs[i].Name] = fileName;
            }
            if (shards.Count > 1)
            {
                byte[] index = SafeTensorsIndex.Serialize(specs.Sum(s => s.ByteCount), weightMap);
                files.Add(AtomicFile.Finished(Path.Combine(directory, SafeTensorsCheckpoint.IndexFileName), index));
            }
            foreach (var file in files) file.Commit();
            RemoveStaleWeights(directory, files.Select(f => Path.GetFileName(f.Path)).ToHashSet(StringComparer.Ordinal));
        }
        finally
        {
            foreach (var file in files) file.Dispose();
        }
    }

    /// <summary>
    /// Removes weight files of an earlier save that the new one did not overwrite. A reader meanwhile sees one whole
    /// checkpoint: model.safetensors, which readers take first, is either this save's or the earlier one's.
    /// </summary>
    static void RemoveStaleWeights(string directory, IReadOnlySet<string> current)
    {
        var stale = Directory.EnumerateFiles(directory)
            .Select(path => Path.GetFileName(path))
            .Where(name => !current.Contains(name) && IsWeightFile(name))
            .ToList();
        foreach (string name in stale) File.Delete(Path.Combine(directory, name));
    }

    static bool IsWeightFile(string name) =>
        name == SafeTensorsCheckpoint.SingleFileName || name == SafeTensorsCheckpoint.IndexFileName || ShardFileName().IsMatch(name);

    [GeneratedRegex(@"^model-\d{5}-of-\d{5}\.safetensors$")]
    private static partial Regex ShardFileName();

    /// <summary>A shard size as <c>transformers</c>' <c>max_shard_size</c> takes it (see <see cref="ShardSize"/>): "5GB", "500MB", "2GiB", "1000000".</summary>
    public static long ParseSize(string size) => ShardSize.Parse(size);
}
