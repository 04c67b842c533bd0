using System.Collections.Concurrent;
using System.Text.Json;
using Wpo.Data;
using Wpo.Text;

namespace Wpo.Tests.Data;

/// <summary>
/// Every case of <c>goldens/preference_pairs/cases.jsonl</c>: the seed's formatting (texts) and TRL 0.9's
/// tokenize_row (ids and labels), exact, with special-token parsing in content as the seed did.
/// </summary>
[Trait("Category", "Golden")]
public class PreferencePairGoldenTests
{
    static readonly ConcurrentDictionary<string, Tokenizer> Tokenizers = new();

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        string file = Path.Combine(SharedFolders.GoldensRoot, "preference_pairs", "cases.jsonl");
        if (!File.Exists(file))
        {
            // One case that skips, naming the folder (a theory without data fails under xunit's own runner).
            data.Add(-1, SharedFolders.AbsentCase);
            return data;
        }
        int index = 0;
        foreach (string line in File.ReadLines(file).Where(line => line.Length > 0))
        {
            using var document = JsonDocument.Parse(line);
            JsonElement c = document.RootElement;
            data.Add(index++, $"row {c.GetProperty("row")} {c.GetProperty("template")} L={c.GetProperty("max_length")} P={c.GetProperty("max_prompt_length")} {c.GetProperty("truncation_mode")}");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTheSeedPipeline(int index, string description)
    {
        string folder = SharedFolders.Golden("preference_pairs");
        using var document = JsonDocument.Parse(File.ReadLines(Path.Combine(folder, "cases.jsonl")).Where(line => line.Length > 0).ElementAt(index));
        JsonElement golden = document.RootElement;
        int row = golden.GetProperty("row").GetInt32();
        string rowsFile = Path.Combine(folder, "rows.json");
        RawRow raw = RowReader.Read(rowsFile).ElementAt(row);
        PreferenceRecord record = PreferenceAdapters.Adapt(SchemaDetector.Detect(raw), raw);

        string tokenizerName = golden.GetProperty("tokenizer").GetString()!;
        Tokenizer tokenizer = Tokenizers.GetOrAdd(tokenizerName,
            name => Tokenizer.Load(Path.Combine(SharedFolders.GoldensRoot, "tokenizers", name), SpecialTokensInContent.Parse));
        string templateFile = Path.Combine(folder, "templates", golden.GetProperty("template").GetString()!);
        var template = new ChatTemplate(File.ReadAllText(templateFile), templateFile);
        var settings = new DataConfig
        {
            MaxLength = golden.GetProperty("max_length").GetInt32(),
            MaxPromptLength = golden.GetProperty("max_prompt_length").GetInt32(),
            TruncationMode = golden.GetProperty("truncation_mode").GetString() == "keep_start" ? TruncationMode.KeepStart : TruncationMode.KeepEnd,
            KeepOverBudgetPrompts = true,
        };
        var formatter = PreferenceFormatter.For(template, tokenizer);

        FormattedPair text = formatter.Format(record);
        Assert.Equal(golden.GetProperty("text_prompt").GetString(), text.Prompt.Text);
        Assert.Equal(golden.GetProperty("text_chosen").GetString(), text.Chosen.Text);
        Assert.Equal(golden.GetProperty("text_rejected").GetString(), text.Rejected.Text);

        TokenizedPair pair = new PreferencePairEncoder(formatter, tokenizer, settings).Encode(record);
        int[] Ids(string key) => golden.GetProperty(key).EnumerateArray().Select(id => id.GetInt32()).ToArray();
        Assert.True(Ids("prompt_input_ids").SequenceEqual(pair.PromptIds), $"{description}: prompt_input_ids");
        Assert.Equal(Ids("chosen_input_ids"), pair.ChosenIds);
        Assert.Equal(Ids("chosen_labels"), pair.ChosenLabels);
        Assert.Equal(Ids("rejected_input_ids"), pair.RejectedIds);
        Assert.Equal(Ids("rejected_labels"), pair.RejectedLabels);
    }
}
