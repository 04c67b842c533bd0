using TorchSharp;

namespace Wpo.Checkpoints;

/// <summary>
/// The weights of a Hugging Face model directory: either <c>model.safetensors</c>, or shards listed by
/// <c>model.safetensors.index.json</c> (<c>{"weight_map": {tensor: shard file}}</c>). Tensor names are global.
/// </summary>
public sealed class SafeTensorsCheckpoint
{
    public const string SingleFileName = "model.safetensors";
    public const string IndexFileName = "model.safetensors.index.json";

    readonly Dictionary<string, SafeTensorsFile> fileOf;

    public string Directory { get; }
    public IReadOnlyList<SafeTensorsFile> Files { get; }
    public IEnumerable<string> Names => fileOf.Keys;

    SafeTensorsCheckpoint(string directory, IReadOnlyList<SafeTensorsFile> files, Dictionary<string, SafeTensorsFile> fileOf)
    {
        Directory = directory;
        Files = files;
        this.fileOf = fileOf;
    }

    /// <summary>
    /// Opens <c>model.safetensors</c> if present, else the index and its shards: the order of transformers'
    /// <c>from_pretrained</c>, so a directory holding both loads the same weights here and there.
    /// </summary>
    public static SafeTensorsCheckpoint Open(string directory)
    {
        string single = System.IO.Path.Combine(directory, SingleFileName);
        if (File.Exists(single)) return FromFiles(directory, [SafeTensorsFile.Open(single)]);
        string index = System.IO.Path.Combine(directory, IndexFileName);
        if (File.Exists(index)) return OpenSharded(directory, index);
        throw new SafeTensorsFormatException($"{directory}: neither {SingleFileName} nor {IndexFileName} found.");
    }

    static SafeTensorsCheckpoint OpenSharded(string directory, string indexPath)
    {
        var weightMap = SafeTensorsIndex.ReadWeightMap(indexPath);
        var shards = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
        foreach (var group in weightMap.GroupBy(pair => pair.Value, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string shardPath = System.IO.Path.Combine(directory, group.Key);
            if (!File.Exists(shardPath))
                throw new SafeTensorsFormatException($"{indexPath}: maps tensor '{group.First().Key}' ({group.Count()} tensors in all) to shard '{group.Key}', which does not exist.");
            shards[group.Key] = SafeTensorsFile.Open(shardPath);
        }
        foreach (var (tensor, shardName) in weightMap)
            if (!shards[shardName].Tensors.ContainsKey(tensor))
                throw new SafeTensorsFormatException($"{indexPath}: maps '{tensor}' to '{shardName}', which does not contain it.");
        var checkpoint = FromFiles(directory, shards.Values.ToList());
        foreach (string tensor in checkpoint.Names)
            if (!weightMap.ContainsKey(tensor))
                throw new SafeTensorsFormatException($"{indexPath}: tensor '{tensor}' of shard '{System.IO.Path.GetFileName(checkpoint.fileOf[tensor].Path)}' is missing from weight_map.");
        return checkpoint;
    }

    static SafeTensorsCheckpoint FromFiles(string directory, IReadOnlyList<SafeTensorsFile> files)
    {
        var fileOf = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
        foreach (var file in files)
            foreach (string name in file.Tensors.Keys)
                if (!fileOf.TryAdd(name, file))
                    throw new SafeTensorsFormatException($"{directory}: tensor '{name}' is in both {fileOf[name].Path} and {file.Path}.");
        return new SafeTensorsCheckpoint(directory, files, fileOf);
    }

    public bool Contains(string name) => fileOf.ContainsKey(name);

    public TensorEntry Entry(string name) => FileOf(name).Entry(name);

    /// <summary>Reads a tensor into CPU memory with its stored dtype.</summary>
    public torch.Tensor Read(string name) => FileOf(name).Read(name);

    SafeTensorsFile FileOf(string name) =>
        fileOf.TryGetValue(name, out var file)
            ? file
            : throw new SafeTensorsFormatException($"{Directory}: the checkpoint has no tensor named '{name}'.");
}
