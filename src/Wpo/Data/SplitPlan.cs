namespace Wpo.Data;

/// <summary>Rows of one dataset that go into a split: its files in order and how many rows to take (null = all).</summary>
public sealed record SplitPart(string Dataset, IReadOnlyList<string> Files, long? Take);

/// <summary>One output split (<c>train</c>, <c>test</c>, or a dataset's own split name) and where its rows come from.</summary>
public sealed record SplitPlan(string Name, IReadOnlyList<SplitPart> Parts, bool Shuffle);
