namespace Wpo.Data;

/// <summary>
/// The alignment-handbook's <c>mix_datasets</c>: for each <c>dataset_mixer</c> entry and each of
/// <c>dataset_splits</c>, a split whose name contains "train" contributes its first ⌊fraction × rows⌋ rows to the
/// train split, one containing "test" contributes all its rows to the test split; both are shuffled with the seed.
/// </summary>
public static class DatasetMixer
{
    public static IReadOnlyList<SplitPlan> Plan(DataConfig config, string configPath)
    {
        if (config.DatasetMixer.Count == 0) throw new WpoException($"{configPath}: no dataset_mixer entries, so there is no data.");
        var train = new List<SplitPart>();
        var test = new List<SplitPart>();
        foreach (var (dataset, fraction) in config.DatasetMixer)
        {
            if (fraction is not (>= 0 and <= 1)) throw new WpoException($"{configPath}: dataset_mixer.{dataset} is {fraction}; a fraction must be between 0 and 1.");
            if (!File.Exists(dataset) && !Directory.Exists(dataset))
                throw new WpoException(
                    $"{configPath}: dataset_mixer entry '{dataset}' is no dataset file or directory (relative paths are taken from the current directory, {Environment.CurrentDirectory}).");
            DatasetSource source = DatasetSource.Open(dataset);
            foreach (string split in config.DatasetSplits)
            {
                IReadOnlyList<string> files = source.FilesOf(split);
                if (split.Contains("train", StringComparison.Ordinal))
                    train.Add(new SplitPart(dataset, files, fraction >= 1 ? null : (long)(fraction * files.Sum(RowReader.CountRows))));
                else if (split.Contains("test", StringComparison.Ordinal))
                    test.Add(new SplitPart(dataset, files, null));
                else
                    throw new WpoException($"{configPath}: dataset_splits entry '{split}' names neither a train nor a test split.");
            }
        }
        // A single file serves train splits besides its own name; evaluating on rows trained on would go unnoticed.
        if (train.SelectMany(part => part.Files).Intersect(test.SelectMany(part => part.Files)).FirstOrDefault() is { } both)
            throw new WpoException($"{configPath}: {both} would be read for both the train and the test split; list only one of them in dataset_splits.");
        var plans = new List<SplitPlan> { new("train", train, Shuffle: true) };
        if (test.Count > 0) plans.Add(new SplitPlan("test", test, Shuffle: true));
        return plans;
    }

    /// <summary>Every split of one dataset, whole and in file order (for inspecting a dataset without a recipe).</summary>
    public static IReadOnlyList<SplitPlan> PlanWhole(string dataset)
    {
        DatasetSource source = DatasetSource.Open(dataset);
        return source.Splits.Select(split => new SplitPlan(split.Key, [new SplitPart(dataset, split.Value, null)], Shuffle: false)).ToList();
    }
}
