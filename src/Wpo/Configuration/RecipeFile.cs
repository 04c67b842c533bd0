using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Wpo.Configuration;

/// <summary>A recipe YAML's top-level mapping, key → node, with YAML errors reported by file and line.</summary>
static class RecipeFile
{
    public static IReadOnlyDictionary<string, YamlNode> Read(string path)
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
        var keys = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in root.Children)
        {
            if (key is not YamlScalarNode { Value: { } name }) throw new WpoException($"{path} line {key.Start.Line}: a key must be a plain name.");
            if (!keys.TryAdd(name, value)) throw new WpoException($"{path} line {key.Start.Line}: key '{name}' is set twice.");
        }
        return keys;
    }
}
