using Wpo.Data;
using Wpo.Training;

namespace Wpo.Cli.Bench;

/// <summary>
/// The pairs a training-step benchmark trains on: random token ids of one length with the first quarter as the
/// unlabelled prompt (the peer script's batch), or a recipe's real train pairs with their token ids folded into
/// the benchmark model's vocabulary, so lengths, padding and packing are the data's.
/// </summary>
public static class BenchPairs
{
    public static IReadOnlyList<TokenizedPair> Random(int count, int length, int vocabulary, int seed)
    {
        var random = new System.Random(seed);
        int prompt = length / 4;
        int[] Ids() => [.. Enumerable.Range(0, length).Select(_ => random.Next(vocabulary))];
        return [.. Enumerable.Range(0, count).Select(row =>
        {
            int[] chosen = Ids(), rejected = Ids();
            Array.Copy(chosen, rejected, prompt);
            return new TokenizedPair(chosen[..prompt], chosen, prompt, rejected, prompt,
                new PairLengths(prompt, length - prompt, length - prompt), new RowOrigin("random", row));
        })];
    }

    /// <summary>The train split of <paramref name="recipePath"/>, built by the data pipeline as <c>wpo train</c> builds it.</summary>
    public static (IReadOnlyList<TokenizedPair> Pairs, TrainingRecipe Recipe) FromRecipe(string recipePath, int vocabulary)
    {
        var recipe = TrainingRecipe.Load(recipePath);
        var pipeline = PreferencePipeline.Create(recipe.Data);
        var pairs = pipeline.Build(DatasetMixer.Plan(recipe.Data, recipe.Path))["train"].Pairs;
        if (pairs.Count == 0) throw new WpoException($"{recipePath}: the train split has no pairs.");
        int[] Fold(int[] ids) => [.. ids.Select(id => id % vocabulary)];
        return ([.. pairs.Select(pair => pair with { PromptIds = Fold(pair.PromptIds), ChosenIds = Fold(pair.ChosenIds), RejectedIds = Fold(pair.RejectedIds) })], recipe);
    }
}
