using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Wpo.Configuration;

/// <summary>
/// A recipe's settings: the YAML file's keys, overridden by <c>--key value</c> flags, read by type. Every read is
/// recorded with its resolved value and source, so that a run can print what it will do and reject keys no reader
/// asked for (<see cref="Unread"/>). Typed reads throw a <see cref="WpoException"/> naming the key and the file.
/// </summary>
public sealed class RecipeValues
{
    readonly Dictionary<string, (YamlNode Node, SettingSource Source)> keys;
    readonly Dictionary<string, ResolvedSetting> resolved = new(StringComparer.Ordinal);

    RecipeValues(string path, Dictionary<string, (YamlNode, SettingSource)> keys)
    {
        Path = path;
        this.keys = keys;
    }

    /// <summary>The recipe file (named in every error).</summary>
    public string Path { get; }

    /// <summary>The settings read so far, in the order first read.</summary>
    public IReadOnlyList<ResolvedSetting> Resolved => [.. resolved.Values];

    /// <summary>The keys that were read (whether set or not).</summary>
    public IReadOnlyCollection<string> ReadKeys => resolved.Keys;

    /// <summary>Keys set in the file or by a flag that no reader has asked for.</summary>
    public IReadOnlyList<string> Unread => [.. keys.Keys.Where(key => !resolved.ContainsKey(key))];

    /// <summary>Where a key was set: the file's name, or "the command line".</summary>
    public string Origin(string key) => keys.TryGetValue(key, out var entry) && entry.Source == SettingSource.Flag ? "the command line" : Path;

    /// <summary>The file's keys with <paramref name="overrides"/> (key, value as text) replacing or adding to them.</summary>
    public static RecipeValues Load(string path, IEnumerable<KeyValuePair<string, string>>? overrides = null)
    {
        var keys = RecipeFile.Read(path).ToDictionary(pair => pair.Key, pair => (pair.Value, SettingSource.File), StringComparer.Ordinal);
        foreach (var (key, value) in overrides ?? []) keys[key] = (new YamlScalarNode(value) { Style = YamlDotNet.Core.ScalarStyle.Plain }, SettingSource.Flag);
        return new RecipeValues(path, keys);
    }

    /// <summary>Whether the recipe or the command line sets <paramref name="key"/>.</summary>
    public bool Has(string key) => keys.ContainsKey(key);

    /// <summary>Marks a key as known without reading its value (accepted and ignored); true when the recipe has it.</summary>
    public bool Accept(string key, string note)
    {
        if (!keys.TryGetValue(key, out var entry)) return false;
        resolved.TryAdd(key, new ResolvedSetting(key, $"{Text(entry.Node)} ({note})", entry.Source));
        return true;
    }

    public string? String(string key) => Record(key, Scalar(key), null);

    public string String(string key, string fallback) => Record(key, Scalar(key), fallback)!;

    public int? Int(string key) => Record(key, ParseInt(key), "(none)");

    public int Int(string key, int fallback) => Record(key, ParseInt(key), fallback);

    public int? PositiveInt(string key) => Record(key, Positive(key, ParseInt(key)), "(none)");

    public int PositiveInt(string key, int fallback) => Record(key, Positive(key, ParseInt(key)), fallback);

    public double Double(string key, double fallback, double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool minExclusive = false)
    {
        double? value = ParseDouble(key);
        if (value is double v && (v < min || v > max || (minExclusive && v == min)))
            throw Wrong(key, Format(v), minExclusive ? $"a number > {Format(min)}" : max < double.PositiveInfinity ? $"a number in [{Format(min)}, {Format(max)}]" : $"a number ≥ {Format(min)}");
        return Record(key, value, fallback);
    }

    public bool? Bool(string key) => Record(key, ParseBool(key), "(none)");

    public bool Bool(string key, bool fallback) => Record(key, ParseBool(key), fallback);

    public string? Choice(string key, string[] allowed) => Record(key, ParseChoice(key, allowed), null);

    public string Choice(string key, string[] allowed, string fallback) => Record(key, ParseChoice(key, allowed), fallback)!;

    public IReadOnlyList<string>? StringList(string key)
    {
        IReadOnlyList<string>? list = Node(key) switch
        {
            null => null,
            YamlSequenceNode sequence => [.. sequence.Children.Select(item => item is YamlScalarNode { Value: { } text } ? text : throw Wrong(key, item.ToString(), "a list of names"))],
            YamlScalarNode { Value: { } single } => single.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            YamlNode other => throw Wrong(key, other.ToString(), "a list of names"),
        };
        Note(key, list is null ? null : string.Join(", ", list), "(none)");
        return list;
    }

    public IReadOnlyList<KeyValuePair<string, double>>? Mixer(string key)
    {
        List<KeyValuePair<string, double>>? mixer = null;
        if (Node(key) is { } node)
        {
            if (node is not YamlMappingNode mapping) throw Wrong(key, node.ToString(), "a mapping of dataset path to fraction (set it in the file)");
            mixer = [];
            foreach (var (name, fraction) in mapping.Children)
            {
                string dataset = (name as YamlScalarNode)?.Value ?? throw Wrong(key, name.ToString(), "dataset paths as keys");
                string text = (fraction as YamlScalarNode)?.Value ?? "";
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0)
                    throw Wrong($"{key}.{dataset}", text, "a fraction ≥ 0");
                mixer.Add(new(dataset, value));
            }
        }
        Note(key, mixer is null ? null : string.Join(", ", mixer.Select(pair => $"{pair.Key}: {Format(pair.Value)}")), "(none)");
        return mixer;
    }

    /// <summary>An error about <paramref name="key"/>'s value, naming where it was set.</summary>
    public WpoException Wrong(string key, string found, string expected) =>
        new($"{Origin(key.Split('.')[0])}: key '{key}' is '{found}'; expected {expected}.");

    T Record<T>(string key, T? value, T fallback) where T : struct
    {
        Note(key, value is T v ? Display(v) : null, Display(fallback));
        return value ?? fallback;
    }

    string? Record(string key, string? value, string? fallback)
    {
        Note(key, value, fallback ?? "(none)");
        return value ?? fallback;
    }

    int? Record(string key, int? value, string fallbackText)
    {
        Note(key, value?.ToString(CultureInfo.InvariantCulture), fallbackText);
        return value;
    }

    bool? Record(string key, bool? value, string fallbackText)
    {
        Note(key, value is bool v ? Display(v) : null, fallbackText);
        return value;
    }

    void Note(string key, string? value, string fallbackText) =>
        resolved.TryAdd(key, value is null
            ? new ResolvedSetting(key, fallbackText, SettingSource.Default)
            : new ResolvedSetting(key, value, keys[key].Source));

    static string Display<T>(T value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => Format(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => $"{value}",
    };

    static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    int? ParseInt(string key) => Scalar(key) is { } text
        ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : throw Wrong(key, text, "a whole number")
        : null;

    int? Positive(string key, int? value) => value is < 1 ? throw Wrong(key, $"{value}", "a whole number ≥ 1") : value;

    double? ParseDouble(string key) => Scalar(key) is { } text
        ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) ? value : throw Wrong(key, text, "a number")
        : null;

    bool? ParseBool(string key) => Scalar(key)?.ToLowerInvariant() switch
    {
        null => null,
        "true" or "yes" => true,
        "false" or "no" => false,
        string text => throw Wrong(key, text, "true or false"),
    };

    string? ParseChoice(string key, string[] allowed) => Scalar(key) is { } text
        ? allowed.Contains(text, StringComparer.Ordinal) ? text : throw Wrong(key, text, string.Join(" or ", allowed))
        : null;

    YamlNode? Node(string key) =>
        keys.TryGetValue(key, out var entry) && !(entry.Node is YamlScalarNode { Value: null or "null" or "~" or "" } scalar && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain)
            ? entry.Node
            : null;

    string? Scalar(string key) => Node(key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        YamlNode other => throw Wrong(key, other.ToString(), "a single value"),
    };

    static string Text(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value ?? "" : node.ToString();
}
