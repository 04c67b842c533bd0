namespace Wpo.Checkpoints;

/// <summary>
/// Splits a checkpoint into shards as Hugging Face does (<c>huggingface_hub.split_state_dict_into_shards_factory</c>,
/// which <c>save_pretrained</c> calls): greedily in the given order, starting a new shard when the next tensor would
/// push the current one past the limit; a tensor larger than the limit alone gets a shard of its own, listed
/// at the point where it was met. Sizes count tensor bytes only, not headers.
/// </summary>
static class ShardPlanner
{
    /// <summary>Tensor indices per shard, in file order; one (possibly empty) shard when everything fits.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Split(IReadOnlyList<long> tensorBytes, long maxShardBytes)
    {
        if (maxShardBytes <= 0) throw new ArgumentOutOfRangeException(nameof(maxShardBytes), maxShardBytes, "the shard size limit must be positive.");
        var shards = new List<IReadOnlyList<int>>();
        var current = new List<int>();
        long currentBytes = 0;
        for (int i = 0; i < tensorBytes.Count; i++)
        {
            long size = tensorBytes[i];
            if (size > maxShardBytes)
            {
                shards.Add([i]);
                continue;
            }
            if (currentBytes + size > maxShardBytes)
            {
                shards.Add(current);
                current = [];
                currentBytes = 0;
            }
            current.Add(i);
            currentBytes += size;
        }
        if (current.Count > 0 || shards.Count == 0) shards.Add(current);
        return shards;
    }

    /// <summary><c>model.safetensors</c> for a single shard, else <c>model-00001-of-00003.safetensors</c> (1-based).</summary>
    public static string FileName(int shard, int shardCount) =>
        shardCount == 1 ? SafeTensorsCheckpoint.SingleFileName : $"model-{shard + 1:D5}-of-{shardCount:D5}.safetensors";
}
