using System.Globalization;
using Wpo.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Wpo.Data;

/// <summary>
/// Reads the data keys of a recipe YAML into a <see cref="DataConfig"/>. Keys it does not know are left for the
/// trainer; a known key with a value of the wrong type is an error naming the key and the file.
/// </summary>
public static class DataConfigReader
{
    public static DataConfig Read(string path)
    {
        if (!File.Exists(path)) throw new WpoException($"{path}: config file not found.");
        var yaml = new YamlStream();
        using var reader = new StreamReader(path);
        var scanner = new Scanner(reader);
        try
        {
            yaml.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            throw new WpoException($"{path} line {e.Start.Line}: not valid YAML ({e.Message}).", e);
        }
        // YamlDotNet's scanner fails this way, not with a YamlException, on a flow list or mapping left open before
        // the next key ("dataset_splits: [train" then "max_length: 512").
        catch (InvalidOperationException e)
        {
            throw new WpoException($"{path} line {scanner.CurrentPosition.Line}: not valid YAML (is a [ or {{ left unclosed?).", e);
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new WpoException($"{path}: expected a mapping of keys to values at the top.");
        return FromMapping(root, path);
    }

    static DataConfig FromMapping(YamlMappingNode root, string path)
    {
        var keys = root.Children
            .Where(pair => pair.Key is YamlScalarNode)
            .ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => pair.Value, StringComparer.Ordinal);
        var values = new YamlValues(keys, path);
        var config = new DataConfig();
        return config with
        {
            DatasetMixer = values.Mixer("dataset_mixer") ?? config.DatasetMixer,
            DatasetSplits = values.StringList("dataset_splits") ?? config.DatasetSplits,
            PreprocessingNumWorkers = values.PositiveInt("preprocessing_num_workers") ?? config.PreprocessingNumWorkers,
            TruncationSide = values.Choice("truncation_side", ["left", "right"]) ?? config.TruncationSide,
            TruncationMode = values.Choice("truncation_mode", ["keep_end", "keep_start"]) switch
            {
                "keep_start" => TruncationMode.KeepStart,
                "keep_end" => TruncationMode.KeepEnd,
                _ => config.TruncationMode,
            },
            AutoInsertEmptySystemMsg = values.Bool("auto_insert_empty_system_msg") ?? config.AutoInsertEmptySystemMsg,
            MaxLength = values.PositiveInt("max_length") ?? config.MaxLength,
            MaxPromptLength = values.PositiveInt("max_prompt_length") ?? config.MaxPromptLength,
            TokenizerPath = values.String("tokenizer_name_or_path") ?? values.String("model_name_or_path"),
            ChatTemplate = values.String("chat_template"),
            Schema = values.String("dataset_schema") is { } schema ? DataSchemaNames.Parse(schema, $"{path}: dataset_schema") : null,
            DataSeed = values.Int("data_seed") ?? config.DataSeed,
            PromptLayout = values.Choice("prompt_layout", ["seed", "generation_prompt"]) == "generation_prompt" ? PromptLayout.GenerationPrompt : PromptLayout.Seed,
            SpecialTokensInContent = values.Choice("special_tokens_in_content", ["escape", "parse"]) == "parse"
                ? SpecialTokensInContent.Parse
                : SpecialTokensInContent.Escape,
            KeepOverBudgetPrompts = values.Bool("keep_over_budget_prompts") ?? config.KeepOverBudgetPrompts,
            BadRows = values.Choice("bad_rows", ["skip", "fail"]) == "fail" ? BadRowPolicy.Fail : BadRowPolicy.Skip,
            CacheDirectory = values.String("data_cache_dir"),
            GroupByLength = values.Bool("group_by_length") ?? config.GroupByLength,
            Packing = values.Bool("packing") ?? config.Packing,
        };
    }

    /// <summary>Typed reads of optional keys; null when a key is absent or YAML null.</summary>
    sealed class YamlValues(IReadOnlyDictionary<string, YamlNode> keys, string path)
    {
        public string? String(string key) => Scalar(key);

        public int? Int(string key) => Scalar(key) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : throw Wrong(key, text, "a whole number")
            : null;

        public int? PositiveInt(string key) => Int(key) switch
        {
            null => null,
            >= 1 and int value => value,
            int value => throw Wrong(key, $"{value}", "a whole number ≥ 1"),
        };

        public bool? Bool(string key) => Scalar(key)?.ToLowerInvariant() switch
        {
            null => null,
            "true" or "yes" => true,
            "false" or "no" => false,
            string text => throw Wrong(key, text, "true or false"),
        };

        public string? Choice(string key, string[] allowed) => Scalar(key) is { } text
            ? allowed.Contains(text, StringComparer.Ordinal) ? text : throw Wrong(key, text, string.Join(" or ", allowed))
            : null;

        public IReadOnlyList<string>? StringList(string key) => Node(key) switch
        {
            null => null,
            YamlSequenceNode sequence => sequence.Children.Select(item => item is YamlScalarNode { Value: { } text } ? text : throw Wrong(key, item.ToString(), "a list of names")).ToList(),
            YamlScalarNode { Value: { } single } => single.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            YamlNode other => throw Wrong(key, other.ToString(), "a list of names"),
        };

        public IReadOnlyList<KeyValuePair<string, double>>? Mixer(string key)
        {
            if (Node(key) is not { } node) return null;
            if (node is not YamlMappingNode mapping) throw Wrong(key, node.ToString(), "a mapping of dataset path to fraction");
            var mixer = new List<KeyValuePair<string, double>>();
            foreach (var (name, fraction) in mapping.Children)
            {
                string dataset = (name as YamlScalarNode)?.Value ?? throw Wrong(key, name.ToString(), "dataset paths as keys");
                string text = (fraction as YamlScalarNode)?.Value ?? "";
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0)
                    throw Wrong($"{key}.{dataset}", text, "a fraction ≥ 0");
                mixer.Add(new(dataset, value));
            }
            return mixer;
        }

        YamlNode? Node(string key) =>
            keys.TryGetValue(key, out YamlNode? node) && !(node is YamlScalarNode { Value: null or "null" or "~" or "" } scalar && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain)
                ? node
                : null;

        string? Scalar(string key) => Node(key) switch
        {
            null => null,
            YamlScalarNode scalar => scalar.Value,
            YamlNode other => throw Wrong(key, other.ToString(), "a single value"),
        };

        WpoException Wrong(string key, string found, string expected) =>
            new($"{path}: key '{key}' is '{found}'; expected {expected}.");
    }
}
