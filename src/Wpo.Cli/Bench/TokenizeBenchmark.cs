using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using Spectre.Console;
using Wpo.Text;

namespace Wpo.Cli.Bench;

/// <summary>
/// <c>wpo bench tokenize</c>: tokens per second of <see cref="Wpo.Text.Tokenizer"/> on real preference data, against
/// Microsoft.ML.Tokenizers' own <see cref="BpeTokenizer"/> built from the same tokenizer.json (its regex
/// pre-tokenizer, byte level, the added tokens as special tokens) on the same texts, in the same run.
/// </summary>
public static class TokenizeBenchmark
{
    public static Command Create()
    {
        var tokenizerOption = new Option<DirectoryInfo>("--tokenizer")
        {
            Description = "A byte-level BPE tokenizer directory (tokenizer.json with a Split regex pre-tokenizer).",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("..", "shared", "goldens", "tokenizers", "llama3")),
        };
        var dataOption = new Option<FileInfo>("--data")
        {
            Description = "A ShareGPT-style preference file (conversations, chosen, rejected); every value is one text.",
            DefaultValueFactory = _ => new FileInfo(Path.Combine("..", "shared", "data", "llama_factory", "dpo_en_demo.json")),
        };
        var roundsOption = new Option<int>("--rounds") { Description = "Timed passes over all texts, alternating the two tokenizers.", DefaultValueFactory = _ => 7 };
        var jsonOption = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command("tokenize", "Encoding speed of the tokenizer adapter against Microsoft.ML.Tokenizers alone.")
        {
            tokenizerOption, dataOption, roundsOption, jsonOption,
        };
        command.SetAction(parse => Run(parse.GetValue(tokenizerOption)!, parse.GetValue(dataOption)!, parse.GetValue(roundsOption), parse.GetValue(jsonOption)));
        return command;
    }

    static int Run(DirectoryInfo directory, FileInfo data, int rounds, bool json)
    {
        if (rounds < 1) throw new WpoException($"--rounds must be at least 1 (got {rounds}).");
        List<string> texts = ReadTexts(data.FullName);
        var load = Stopwatch.StartNew();
        Wpo.Text.Tokenizer adapter = Wpo.Text.Tokenizer.Load(directory.FullName);
        double adapterLoadSeconds = load.Elapsed.TotalSeconds;
        load.Restart();
        BpeTokenizer baseline = BaselineTokenizer(Path.Combine(directory.FullName, "tokenizer.json"));
        double baselineLoadSeconds = load.Elapsed.TotalSeconds;

        int agreeing = texts.Count(t => adapter.Encode(t).AsSpan().SequenceEqual(baseline.EncodeToIds(t).ToArray()));
        long tokens = texts.Sum(t => (long)adapter.Encode(t).Length);
        var adapterSeconds = new List<double>();
        var baselineSeconds = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            adapterSeconds.Add(Time(() => { foreach (string t in texts) adapter.Encode(t); }));
            baselineSeconds.Add(Time(() => { foreach (string t in texts) baseline.EncodeToIds(t); }));
        }
        double adapterMedian = Median(adapterSeconds), baselineMedian = Median(baselineSeconds);
        var result = new
        {
            tokenizer = directory.FullName,
            data = data.FullName,
            texts = texts.Count,
            characters = texts.Sum(t => (long)t.Length),
            tokens,
            rounds,
            adapter_tokens_per_second = tokens / adapterMedian,
            baseline_tokens_per_second = tokens / baselineMedian,
            adapter_time_over_baseline = adapterMedian / baselineMedian,
            texts_with_identical_ids = agreeing,
            adapter_load_seconds = adapterLoadSeconds,
            baseline_load_seconds = baselineLoadSeconds,
        };
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var table = new Table().AddColumns("", "Wpo.Text.Tokenizer", "BpeTokenizer alone");
        table.AddRow("tokens/s (median of rounds)", $"{result.adapter_tokens_per_second:N0}", $"{result.baseline_tokens_per_second:N0}");
        table.AddRow("load (s)", $"{adapterLoadSeconds:F2}", $"{baselineLoadSeconds:F2}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"{texts.Count} texts, {result.characters:N0} characters, {tokens:N0} tokens, {rounds} rounds; adapter time / baseline time = {result.adapter_time_over_baseline:F3}");
        string rest = agreeing == texts.Count ? "" : " (the rest differ by ignore_merges, which BpeTokenizer lacks)";
        AnsiConsole.MarkupLineInterpolated($"identical ids on {agreeing} of {texts.Count} texts{rest}");
        return 0;
    }

    static List<string> ReadTexts(string path)
    {
        if (!File.Exists(path)) throw new WpoException($"benchmark data {path} does not exist (pass --data).");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        var texts = new List<string>();
        foreach (JsonElement row in document.RootElement.EnumerateArray())
        {
            if (row.TryGetProperty("conversations", out JsonElement turns))
                texts.AddRange(turns.EnumerateArray().Select(turn => turn.GetProperty("value").GetString()!));
            foreach (string key in (string[])["chosen", "rejected"])
                if (row.TryGetProperty(key, out JsonElement answer)) texts.Add(answer.GetProperty("value").GetString()!);
        }
        return texts;
    }

    /// <summary>How a Microsoft.ML.Tokenizers user would build the tokenizer from the same file.</summary>
    static BpeTokenizer BaselineTokenizer(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement root = document.RootElement, model = root.GetProperty("model");
        var vocabulary = model.GetProperty("vocab").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        var merges = model.GetProperty("merges").EnumerateArray()
            .Select(m => m.ValueKind == JsonValueKind.String ? m.GetString()! : $"{m[0].GetString()} {m[1].GetString()}").ToList();
        var specialTokens = root.GetProperty("added_tokens").EnumerateArray().ToDictionary(t => t.GetProperty("content").GetString()!, t => t.GetProperty("id").GetInt32());
        string pattern = FindSplitRegex(root.GetProperty("pre_tokenizer"))
            ?? throw new WpoException($"{path}: the baseline needs a Split regex pre-tokenizer (a byte-level BPE such as Llama 3's).");
        return BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = merges,
            SpecialTokens = specialTokens,
            PreTokenizer = new RegexPreTokenizer(new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant), specialTokens),
            ByteLevel = true,
        });
    }

    static string? FindSplitRegex(JsonElement preTokenizer) => preTokenizer.GetProperty("type").GetString() switch
    {
        "Split" when preTokenizer.GetProperty("pattern").TryGetProperty("Regex", out JsonElement regex) => regex.GetString(),
        "Sequence" => preTokenizer.GetProperty("pretokenizers").EnumerateArray().Select(FindSplitRegex).FirstOrDefault(p => p is not null),
        _ => null,
    };

    static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
