using Wpo.Data;

namespace Wpo.Tests.Training;

/// <summary>Preference pairs of random token ids with varied prompt and answer lengths, for tiny models.</summary>
static class RandomPairs
{
    public static IReadOnlyList<TokenizedPair> Create(int count, int vocabulary, int seed)
    {
        var random = new Random(seed);
        int[] Ids(int length) => Enumerable.Range(0, length).Select(_ => random.Next(1, vocabulary)).ToArray();
        return Enumerable.Range(0, count).Select(row =>
        {
            int[] prompt = Ids(random.Next(2, 6));
            int[] chosen = Ids(random.Next(1, 7)), rejected = Ids(random.Next(1, 7));
            return new TokenizedPair(prompt, [.. prompt, .. chosen], prompt.Length, [.. prompt, .. rejected], prompt.Length,
                new PairLengths(prompt.Length, chosen.Length, rejected.Length), new RowOrigin("random", row));
        }).ToList();
    }
}
