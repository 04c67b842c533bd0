using System.Runtime.ExceptionServices;

namespace Wpo.Data;

/// <summary>
/// Builds a <see cref="PreferenceDataset"/> from split plans: streams the rows, adapts, formats and tokenizes them on
/// <c>preprocessing_num_workers</c> threads a chunk at a time (results keep row order), then shuffles each split
/// with the seed. Bad rows are counted, or stop the build under <see cref="BadRowPolicy.Fail"/>.
/// </summary>
public sealed class PreferenceDatasetBuilder(Func<PreferenceRecord, TokenizedPair> encode, DataSchema? schema, BadRowPolicy policy, int workers, int seed)
{
    const int ChunkRows = 256;

    /// <summary>Called with the number of rows processed so far, after each chunk.</summary>
    public Action<long>? Progress { get; init; }

    public PreferenceDataset Build(IReadOnlyList<SplitPlan> plans)
    {
        var log = new BadRowLog();
        var splits = plans.Select(plan => BuildSplit(plan, log)).ToList();
        return new PreferenceDataset(splits, log);
    }

    PreferenceSplit BuildSplit(SplitPlan plan, BadRowLog log)
    {
        var results = new List<TokenizedPair?>();
        var chunk = new List<SchemaRow>(ChunkRows);
        foreach (SchemaRow row in plan.Parts.SelectMany(Rows))
        {
            chunk.Add(row);
            if (chunk.Count == ChunkRows) ProcessChunk(chunk, results, log);
        }
        ProcessChunk(chunk, results, log);

        IEnumerable<TokenizedPair?> ordered = plan.Shuffle
            ? SeededShuffle.Permutation(results.Count, seed).Select(index => results[index])
            : results;
        return new PreferenceSplit(plan.Name, ordered.OfType<TokenizedPair>().ToList(), results.Count);
    }

    IEnumerable<SchemaRow> Rows(SplitPart part)
    {
        IEnumerable<SchemaRow> rows = RecordReader.ReadRows(part.Files, schema);
        return part.Take is long take ? rows.Take(checked((int)take)) : rows;
    }

    void ProcessChunk(List<SchemaRow> chunk, List<TokenizedPair?> results, BadRowLog log)
    {
        var pairs = new TokenizedPair?[chunk.Count];
        // Errors are kept by row, so the one reported is the first row's whichever worker failed first.
        var failed = new WpoException?[chunk.Count];
        Parallel.For(0, chunk.Count, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
        {
            try
            {
                pairs[i] = encode(PreferenceAdapters.Adapt(chunk[i].Schema, chunk[i].Row));
            }
            catch (WpoException e)
            {
                failed[i] = e;
            }
        });
        foreach (WpoException? e in failed)
            if (e is BadRowException bad && policy == BadRowPolicy.Skip) log.Add(bad);
            else if (e is not null) ExceptionDispatchInfo.Throw(e);
        results.AddRange(pairs);
        chunk.Clear();
        Progress?.Invoke(results.Count);
    }
}
